// The nodes of kind __KIND__ among the given ids: one part of a read joined with UNION
// ALL, a part per kind the ids name. Ladybug finds a node by its primary key only when
// its table is named: over the union of every entity table, a batch of ids scanned all
// of them (20 ms at 10^5 entities; 1 ms so).
MATCH (n:__KIND__)
WHERE n.id IN $ids
RETURN n AS node
