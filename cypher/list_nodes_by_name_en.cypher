// One page of __KIND__ nodes ordered by English name (then id); the descending order is
// list_nodes_by_name_en_desc (ORDER BY cannot take its direction as a parameter).
// The filter placeholder holds the list's filter (see graph_api/store/filters.py); the
// total, when asked for, is count_matching.cypher.
// Every entity has an English name: the IS NOT NULL changes no answer, but lets Neo4j
// read the kind's name index in order and stop after the page (at 10^5 entities a page
// of Hong Kong enterprises took 64 ms sorting all of them, 4 ms read from the index).
MATCH (n:__KIND__)
WHERE __FILTER__ AND n.name_en IS NOT NULL
RETURN __PROPERTIES__(n) AS node
ORDER BY n.name_en ASC, n.id ASC
SKIP $skip LIMIT $limit
