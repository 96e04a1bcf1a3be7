// Create or update nodes of one kind (__KIND__) from $rows, keyed by id.
// A null in a row removes that property, so a row always states the whole node.
UNWIND $rows AS row
MERGE (n:Entity {id: row.id})
SET n:__KIND__, n += row
