// Every link of any type arriving at the entities $ids, with both ends' ids (merges, exports).
MATCH (a:Entity)-[l]->(b:Entity)
WHERE b.id IN $ids
RETURN type(l) AS type, a.id AS from_id, b.id AS to_id, l {.*, type: type(l)} AS link
ORDER BY type, from_id, to_id
