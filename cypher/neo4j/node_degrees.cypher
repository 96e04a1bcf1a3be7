// How many links each entity in $ids has, of any type and either way: what a path
// search weighs a frontier by before widening it (Neo4j reads it from its degree store).
UNWIND $ids AS id
MATCH (m:Entity {id: id})
USING INDEX SEEK m:Entity(id)  // a seek per id, whatever the planner's statistics say
RETURN id, COUNT { (m)--() } AS degree
