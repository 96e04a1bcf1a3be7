// The __TYPE__ links with the given (from_id, to_id) pairs, if they exist (an import
// compares them with its rows to say created, updated or unchanged).
// Ladybug finds the endpoints by primary key only when their tables are named, and plans
// two separate MATCHes (key lookups, then the link) far faster than one joined pattern.
UNWIND $rows AS row
MATCH (a:__FROM__ {id: row.from_id})
MATCH (b:__TO__ {id: row.to_id})
MATCH (a)-[l:__TYPE__]->(b)
RETURN a.id AS from_id, b.id AS to_id, l AS link
