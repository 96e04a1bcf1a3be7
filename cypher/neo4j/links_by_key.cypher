// The __TYPE__ links with the given (from_id, to_id) pairs, if they exist (an import
// compares them with its rows to say created, updated or unchanged).
UNWIND $rows AS row
MATCH (a:Entity {id: row.from_id})-[l:__TYPE__]->(b:Entity {id: row.to_id})
USING INDEX SEEK a:Entity(id)  // a seek per row, whatever the planner's statistics say
RETURN a.id AS from_id, b.id AS to_id, l {.*, type: type(l)} AS link
