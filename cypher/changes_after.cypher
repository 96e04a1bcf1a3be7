// Change records committed after the position ($at, $id) in (time, id) order, at most
// $limit: how a service hears of the changes other processes made on the same database
// (graph_api/change_relay.py), a page at a time.
MATCH (c:Change)
WHERE c.at >= $at AND (c.at > $at OR c.id > $id)
RETURN __PROPERTIES__(c) AS change
ORDER BY c.at, c.id
LIMIT $limit
