// How many links of each type have a Person at one end (attendance, whom they represent):
// what the link count leaves out for callers who may not see personal data. Persons
// are always the link's start, so each link is counted once.
MATCH (:Person)-[l]->()
RETURN type(l) AS type, count(*) AS count
