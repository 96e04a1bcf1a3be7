// Change records committed after the position ($at, $id) in (time, id) order, at most
// $limit: how a service hears of the changes other processes made on the same database
// (graph_api/change_relay.py), a page at a time. Two seeks along the change_at_id index,
// the rest of the records of time $at and those after it: one seek with a filter would
// read every record of time $at before the position, and an import in one transaction
// gives all its records one time (100 ms a poll for 124,657 records). The index is
// named, as a seek: on a small or young trail the planner would rather scan and filter.
CALL () {
  MATCH (c:Change)
  USING INDEX SEEK c:Change(at, id)
  WHERE c.at = $at AND c.id > $id
  RETURN c
  ORDER BY c.at, c.id
  LIMIT $limit
  UNION ALL
  MATCH (c:Change)
  USING INDEX SEEK c:Change(at, id)
  WHERE c.at > $at AND c.id IS NOT NULL
  RETURN c
  ORDER BY c.at, c.id
  LIMIT $limit
}
WITH c
ORDER BY c.at, c.id
LIMIT $limit
RETURN properties(c) AS change
