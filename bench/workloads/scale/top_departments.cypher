// Raw twin of top_departments.graphql: the 10 departments with the most links.
MATCH (d:Department)
WITH d, COUNT { (d)--() } AS degree
ORDER BY degree DESC, d.name_en, d.id LIMIT 10
RETURN d.id AS id, d.name_en AS name
