// The latest change records of one import run ($batch), for undoing it newest first.
MATCH (c:Change)
WHERE c.batch = $batch
RETURN __PROPERTIES__(c) AS change
ORDER BY c.id DESC
LIMIT $limit
