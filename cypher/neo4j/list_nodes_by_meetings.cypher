// One page of __KIND__ nodes ordered by how many parties each had met as of $as_of (an
// ISO day; 9999-12-31 for no limit), then English name: the distinct bureaux,
// departments, enterprises and partner bodies ($party_kinds) that attended an event it
// attended, both attendances counting by then (their own date, or the event's when
// undated) and the other party existing by then. Persons are never counted. The filter
// placeholder holds the list's filter (graph_api/store/filters.py); the total, when asked
// for, is count_matching.cypher.
// A COLLECT subquery walks out from each node; as an OPTIONAL MATCH, the planner joined
// it to a scan of every node for the other party.
MATCH (n:__KIND__)
WHERE __FILTER__
WITH n, size(COLLECT {
  MATCH (n)-[a:ATTENDED]->(e:Event)<-[b:ATTENDED]-(m)
  WHERE m.id <> n.id AND m.kind IN $party_kinds
    AND coalesce(a.date, e.date, '') <= $as_of AND coalesce(b.date, e.date, '') <= $as_of
    AND coalesce(m.established, m.founded, m.date, '') <= $as_of
  RETURN DISTINCT m.id
}) AS met
WITH n, CASE WHEN $reverse = true THEN -met ELSE met END AS rank
ORDER BY rank ASC, n.name_en ASC, n.id ASC
SKIP $skip LIMIT $limit
RETURN properties(n) AS node
