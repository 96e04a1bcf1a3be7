// Create or update __TYPE__ links from __FROM__ to __TO__ nodes, one per (from, to) pair.
// Ladybug needs the endpoint tables named to pick the right pair of the relationship table,
// and plans two key lookups (separate MATCHes) over twice as fast as one joined pattern.
UNWIND $rows AS row
MATCH (a:__FROM__ {id: row.from_id})
MATCH (b:__TO__ {id: row.to_id})
MERGE (a)-[l:__TYPE__]->(b)
SET l.source = row.source, l.date = row.date, l.sample = CAST(row.sample AS BOOLEAN),
    l.role = row.role, l.need = row.need, l.project = row.project,
    l.evidence = row.evidence, l.confidence = CAST(row.confidence AS DOUBLE)
