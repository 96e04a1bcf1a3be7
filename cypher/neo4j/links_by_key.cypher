// The links with the given (type, from_id, to_id) keys, of any types at once, if they
// exist (an import compares them with its rows to say created, updated or unchanged; a
// collaboration path's links are of several types): one round trip for them all.
UNWIND $rows AS row
MATCH (a:Entity {id: row.from_id})-[l]->(b:Entity {id: row.to_id})
USING INDEX SEEK a:Entity(id)  // a seek per row, whatever the planner's statistics say
WHERE type(l) = row.type
RETURN type(l) AS type, a.id AS from_id, b.id AS to_id, l {.*, type: type(l)} AS link
