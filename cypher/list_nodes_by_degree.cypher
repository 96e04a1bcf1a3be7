// One page of __KIND__ nodes ordered by their number of links as of $as_of (an ISO day;
// 9999-12-31 for every link), then English name: a link counts once its day (its own
// date, or the date of the event for an undated link to an event) and the first day of
// the other end are no later, as in an as-of list. The filter placeholder holds the
// filter of the list (graph_api/store/filters.py); the total, when asked for, is
// count_matching.cypher.
// The node's own day is read before the subquery: Ladybug finds no rows in a COUNT
// subquery that reads a property of the outer node which is null.
MATCH (n:__KIND__)
WHERE __FILTER__
WITH n, coalesce(n.date, '') AS own_day
WITH n, COUNT {
  MATCH (n)-[l]-(m)
  WHERE coalesce(l.date, CASE WHEN m.kind = $event_kind THEN m.date END, own_day) <= $as_of
    AND coalesce(m.established, m.founded, m.date, '') <= $as_of
} AS degree
WITH n, CASE WHEN $reverse = true THEN -degree ELSE degree END AS rank
ORDER BY rank ASC, n.name_en ASC, n.id ASC
SKIP $skip LIMIT $limit
RETURN __PROPERTIES__(n) AS node
