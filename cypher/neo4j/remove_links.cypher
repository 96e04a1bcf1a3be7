// Delete the __TYPE__ links with the given (from_id, to_id) pairs; missing ones are ignored.
UNWIND $rows AS row
MATCH (a:Entity {id: row.from_id})-[l:__TYPE__]->(b:Entity {id: row.to_id})
DELETE l
