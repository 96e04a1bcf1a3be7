// One page of __KIND__ nodes ordered by how many parties each had met as of $as_of (an
// ISO day; 9999-12-31 for no limit), then English name: the distinct bureaux,
// departments, enterprises and partner bodies ($party_kinds) that attended an event it
// attended, both attendances counting by then (their own date, or the event's when
// undated) and the other party existing by then. Persons are never counted. Unlike
// DEGREE, offers, needs and memberships do not count: this is "most met". The filter
// placeholder holds the list's filter (graph_api/store/filters.py); the total, when asked
// for, is count_matching.cypher. Neo4j's file counts in a COLLECT subquery, which
// Ladybug does not have.
MATCH (n:__KIND__)
WHERE __FILTER__
OPTIONAL MATCH (n)-[a:ATTENDED]->(e:Event)<-[b:ATTENDED]-(m)
WHERE m.id <> n.id AND m.kind IN $party_kinds
  AND coalesce(a.date, e.date, '') <= $as_of AND coalesce(b.date, e.date, '') <= $as_of
  AND coalesce(m.established, m.founded, m.date, '') <= $as_of
WITH n, count(DISTINCT m.id) AS met
WITH n, CASE WHEN $reverse = true THEN -met ELSE met END AS rank
ORDER BY rank ASC, n.name_en ASC, n.id ASC
SKIP $skip LIMIT $limit
RETURN n AS node
