// Which of the ids $ids were merged into another entity (mergeEntities), and into which:
// every ENTITY_MERGED change record naming one of them as the duplicate, newest first,
// so the caller keeps the latest merge of each.
MATCH (c:Change)
WHERE c.other_id IN $ids AND c.action = $merged
RETURN c.other_id AS duplicate, c.entity_id AS survivor, c.at AS at
ORDER BY at DESC
