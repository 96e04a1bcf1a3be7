// One page of __KIND__ nodes ordered by English name (then id).
// The filter placeholder holds the list's filter (see graph_api/store/filters.py); the
// total, when asked for, is count_matching.cypher.
// ORDER BY cannot take its direction as a parameter, so the key sits in the ascending
// or the descending slot according to $reverse and the other slot stays constant.
MATCH (n:__KIND__)
WHERE __FILTER__
WITH n,
     CASE WHEN $reverse = true THEN n.name_en ELSE '' END AS down,
     CASE WHEN $reverse = true THEN '' ELSE n.name_en END AS up
ORDER BY down DESC, up ASC, n.id ASC
SKIP $skip LIMIT $limit
RETURN n AS node
