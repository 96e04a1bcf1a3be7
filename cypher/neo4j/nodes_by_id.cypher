// The nodes with the given ids (one round-trip for a whole batch of ids).
MATCH (n:Entity)
WHERE n.id IN $ids
RETURN properties(n) AS node
