// Delete the __TYPE__ links with the given (from_id, to_id) pairs; missing ones are ignored.
// Ladybug finds the endpoints by primary key only when their tables are named (and plans
// separate MATCHes faster than one joined pattern).
UNWIND $rows AS row
MATCH (a:__FROM__ {id: row.from_id})
MATCH (b:__TO__ {id: row.to_id})
MATCH (a)-[l:__TYPE__]->(b)
DELETE l
