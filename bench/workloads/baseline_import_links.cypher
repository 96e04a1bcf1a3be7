// Raw-driver baseline for the import benchmark: merge a batch of links of one type.
// __TYPE__ is replaced by a RelType value, never by user input.
UNWIND $rows AS row
MATCH (a:Entity {id: row.from_id})
MATCH (b:Entity {id: row.to_id})
MERGE (a)-[l:__TYPE__]->(b)
SET l += row.props
