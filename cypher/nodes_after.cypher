// Up to $limit entities whose id sorts after $after, in id order (keyset paging for
// exports: every page costs the same however deep it is).
MATCH (n__ENTITY__)
WHERE n.id > $after
RETURN __PROPERTIES__(n) AS node
ORDER BY n.id
LIMIT $limit
