// How many links each entity in $ids (all of kind __KIND__) has, of any type and either
// way: what a path search weighs a frontier by before widening it.
// The embedded store's wording for many $ids (EmbeddedStore.read picks it past
// KEY_LOOKUP_FROM ids): each looked up by key after UNWIND, a fixed cost of about
// 15 ms at 10^4 entities and 200 ms at 10^5, where `IN $ids` tests the whole list
// against every row (13 s for 29,000 ids at 10^5).
UNWIND $ids AS node_id
MATCH (m:__KIND__ {id: node_id})-[r]-()
RETURN m.id AS id, count(r) AS degree
