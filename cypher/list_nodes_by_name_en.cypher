// One page of __KIND__ nodes ordered by English name (then id), with the total count.
// The filter placeholder holds the list's filter (see graph_api/store/filters.py), evaluated for both.
// ORDER BY cannot take its direction as a parameter, so the key sits in the ascending
// or the descending slot according to $reverse and the other slot stays constant.
MATCH (n:__KIND__)
WHERE __FILTER__
WITH count(n) AS total
MATCH (n:__KIND__)
WHERE __FILTER__
WITH total, n,
     CASE WHEN $reverse = true THEN n.name_en ELSE '' END AS down,
     CASE WHEN $reverse = true THEN '' ELSE n.name_en END AS up
ORDER BY down DESC, up ASC, n.id ASC
SKIP $skip LIMIT $limit
RETURN n AS node, total
