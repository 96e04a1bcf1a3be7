// The newest change record's position (time, id): whether any process has written since
// an answer was kept (graph_api/analytics/answer_cache.py). Neo4j's own file reads it
// from an index.
MATCH (c:Change)
WHERE c.at IS NOT NULL
RETURN c.at AS at, c.id AS id
ORDER BY c.at DESC, c.id DESC
LIMIT 1
