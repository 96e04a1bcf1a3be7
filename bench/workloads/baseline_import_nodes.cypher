// Raw-driver baseline for the import benchmark: merge a batch of entities of one kind.
// __KIND__ is replaced by a NodeKind value (a label), never by user input.
UNWIND $rows AS row
MERGE (n:Entity {id: row.id})
SET n:__KIND__, n += row
