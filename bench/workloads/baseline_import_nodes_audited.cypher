// Raw-driver baseline with an audit trail: merge a batch of entities of one kind and
// create one change record per row (the importer's records, built before the clock): the
// least an importer that keeps a change record per row must write. __KIND__ is replaced
// by a NodeKind value (a label), never by user input.
UNWIND $rows AS row
MERGE (n:Entity {id: row.node.id})
SET n:__KIND__, n += row.node
CREATE (c:Change)
SET c = row.change
