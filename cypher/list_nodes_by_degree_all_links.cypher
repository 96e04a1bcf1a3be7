// One page of __KIND__ nodes ordered by their number of links, then English name, when
// no as-of day is asked for: every link counts, so Neo4j reads each node's degree from
// its record instead of testing every link and neighbour (list_nodes_by_degree.cypher,
// for an as-of day, took 0.55 s for the departments of a 10^5 graph; this, 0.01 s). The
// filter placeholder holds the filter of the list (graph_api/store/filters.py); the
// total, when asked for, is count_matching.cypher.
MATCH (n:__KIND__)
WHERE __FILTER__
WITH n, COUNT { MATCH (n)-[]-() } AS degree
WITH n, CASE WHEN $reverse = true THEN -degree ELSE degree END AS rank
ORDER BY rank ASC, n.name_en ASC, n.id ASC
SKIP $skip LIMIT $limit
RETURN __PROPERTIES__(n) AS node
