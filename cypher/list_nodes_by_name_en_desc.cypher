// One page of __KIND__ nodes ordered by English name from Z to A (ties by id, from the
// smallest, as in list_nodes_by_name_en); see that file for the filter and the index.
MATCH (n:__KIND__)
WHERE __FILTER__ AND n.name_en IS NOT NULL
RETURN __PROPERTIES__(n) AS node
ORDER BY n.name_en DESC, n.id ASC
SKIP $skip LIMIT $limit
