// One page of __KIND__ nodes ordered by their number of links, then English name.
// The filter placeholder holds the list's filter (see graph_api/store/filters.py); the
// total, when asked for, is count_matching.cypher.
MATCH (n:__KIND__)
WHERE __FILTER__
WITH n, COUNT { MATCH (n)-[]-() } AS degree
WITH n, CASE WHEN $reverse = true THEN -degree ELSE degree END AS rank
ORDER BY rank ASC, n.name_en ASC, n.id ASC
SKIP $skip LIMIT $limit
RETURN n AS node
