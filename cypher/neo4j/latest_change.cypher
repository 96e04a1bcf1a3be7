// The newest change record's position (time, id): whether any process has written since
// an answer was kept (graph_api/analytics/answer_cache.py). Read backwards along the
// change_at_id index (time, then id: the records of an import in one transaction share
// a time), so it costs one index step however long the trail. The index is named: on a
// small trail the planner would rather scan the ids and sort.
MATCH (c:Change)
USING INDEX c:Change(at, id)
WHERE c.at IS NOT NULL AND c.id IS NOT NULL
RETURN c.at AS at, c.id AS id
ORDER BY c.at DESC, c.id DESC
LIMIT 1
