// links_by_key for one (from_id, to_id) pair: the __TYPE__ link between them, if it
// exists. The embedded store asks a few pairs one at a time (EmbeddedStore.read, up to
// ROWS_ONE_BY_ONE): Ladybug finds both ends by key and the link between them in about
// 0.3 ms at 10^5 entities, where the UNWIND wording took 36 ms for two links into a
// technology with 56,000 (it walks the hub's links to find the pair).
MATCH (a:__FROM__ {id: $from_id})-[l:__TYPE__]->(b:__TO__ {id: $to_id})
RETURN a.id AS from_id, b.id AS to_id, l AS link
