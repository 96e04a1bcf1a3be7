// Raw equivalent of department_page.graphql: the same rows, written by hand for Neo4j.
MATCH (n:Department)
WITH count(n) AS total
MATCH (n:Department)
WITH total, n ORDER BY n.name_en, n.id LIMIT 50
OPTIONAL MATCH (n)-[:PART_OF]->(b:Bureau)
RETURN total, n.id, n.name_en, n.name_zh, b.id, b.name_en
