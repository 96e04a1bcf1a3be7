// How many links of each type the graph holds.
MATCH ()-[l]->()
RETURN type(l) AS type, count(*) AS count
