// The nodes of kind __KIND__ among the given ids: one part of a read joined with UNION
// ALL, a part per kind the ids name. Ladybug finds a node by its primary key only when
// its table is named and the key is compared with one value: over the union of every
// entity table a batch of ids scanned all of them, and `n.id IN $ids` scans the named
// table (30 ms at 10^5 entities for three ids); a key lookup per id takes 0.5 ms. The
// ids are distinct (the caller's), so each is found at most once.
UNWIND $ids AS wanted_id
MATCH (n:__KIND__ {id: wanted_id})
RETURN n AS node
