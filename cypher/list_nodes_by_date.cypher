// One page of __KIND__ nodes ordered by date (undated last), then English name.
// The filter placeholder holds the list's filter (see graph_api/store/filters.py); the
// total, when asked for, is count_matching.cypher.
// Direction trick as in list_nodes_by_name_en.cypher.
MATCH (n:__KIND__)
WHERE __FILTER__
WITH n, n.date IS NULL AS undated,
     CASE WHEN $reverse = true THEN coalesce(n.date, '') ELSE '' END AS down,
     CASE WHEN $reverse = true THEN '' ELSE coalesce(n.date, '') END AS up
ORDER BY undated ASC, down DESC, up ASC, n.name_en ASC, n.id ASC
SKIP $skip LIMIT $limit
RETURN __PROPERTIES__(n) AS node
