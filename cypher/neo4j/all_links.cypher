// Every link of the graph with its endpoints' ids (exports and analytics projection).
MATCH (a:Entity)-[l]->(b:Entity)
RETURN type(l) AS type, a.id AS from_id, b.id AS to_id, l {.*, type: type(l)} AS link
ORDER BY type, from_id, to_id
