// The owners $ids with every nested list a GraphQL selection asks for, in one round
// trip. __LISTS__ is one nested_list.cypher block per list (graph_api.store.nested_reads
// composes them); __COLUMNS__ gathers each block's page and total, in the same order.
UNWIND $ids AS owner_id
MATCH (n0:Entity {id: owner_id})
USING INDEX SEEK n0:Entity(id)  // a seek per id, whatever the planner's statistics say
__LISTS__
RETURN owner_id, properties(n0) AS node, [__COLUMNS__] AS lists
