// Raw-driver baseline with an audit trail: merge a batch of links of one type and create
// one change record per row (the importer's records, built before the clock): the least
// an importer that keeps a change record per row must write. __TYPE__ is replaced by a
// RelType value, never by user input.
UNWIND $rows AS row
MATCH (a:Entity {id: row.from_id})
MATCH (b:Entity {id: row.to_id})
MERGE (a)-[l:__TYPE__]->(b)
SET l += row.props
CREATE (c:Change)
SET c = row.change
