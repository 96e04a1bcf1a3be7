// The nodes with the given ids (one round-trip for a whole batch of ids).
MATCH (n__ENTITY__)
WHERE n.id IN $ids
RETURN n AS node
