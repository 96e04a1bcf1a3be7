// Create or update __TYPE__ links, one per (from, to) pair; the ends are found by id alone,
// so one statement serves every pair of endpoint kinds (Ladybug names them: embedded/).
UNWIND $rows AS row
MATCH (a:Entity {id: row.from_id})
MATCH (b:Entity {id: row.to_id})
MERGE (a)-[l:__TYPE__]->(b)
SET l.source = row.source, l.date = row.date, l.sample = row.sample, l.role = row.role,
    l.need = row.need, l.project = row.project, l.evidence = row.evidence,
    l.confidence = row.confidence
