// Every link of any type leaving the entities $ids, with both ends' ids (merges, exports).
// Ladybug names a relationship's type with label().
MATCH (a__ENTITY__)-[l]->(b)
WHERE a.id __IN_IDS__
RETURN label(l) AS type, a.id AS from_id, b.id AS to_id, l AS link
ORDER BY type, from_id, to_id
