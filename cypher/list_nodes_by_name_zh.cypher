// One page of __KIND__ nodes ordered by Chinese name (nodes without one last).
// The filter placeholder holds the list's filter (see graph_api/store/filters.py); the
// total, when asked for, is count_matching.cypher.
// ORDER BY cannot take its direction as a parameter, so the key sits in the ascending
// or the descending slot according to $reverse and the other slot stays constant.
MATCH (n:__KIND__)
WHERE __FILTER__
WITH n, n.name_zh IS NULL AS unnamed,
     CASE WHEN $reverse = true THEN coalesce(n.name_zh, '') ELSE '' END AS down,
     CASE WHEN $reverse = true THEN '' ELSE coalesce(n.name_zh, '') END AS up
ORDER BY unnamed ASC, down DESC, up ASC, n.name_en ASC, n.id ASC
SKIP $skip LIMIT $limit
RETURN __PROPERTIES__(n) AS node
