// Every node of the graph (for exports and the analytics projection), in id order.
MATCH (n__ENTITY__)
RETURN __PROPERTIES__(n) AS node
ORDER BY n.id
