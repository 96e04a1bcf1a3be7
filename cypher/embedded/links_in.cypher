// Every link of any type arriving at the entities $ids, with both ends' ids (merges, exports).
// Ladybug names a relationship's type with label().
MATCH (a)-[l]->(b__ENTITY__)
WHERE b.id __IN_IDS__
RETURN label(l) AS type, a.id AS from_id, b.id AS to_id, l AS link
ORDER BY type, from_id, to_id
