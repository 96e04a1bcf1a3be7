// How many links each entity in $ids (all of kind __KIND__) has, of any type and either
// way: what a path search weighs a frontier by before widening it.
MATCH (m:__KIND__)-[r]-()
WHERE m.id __IN_IDS__
RETURN m.id AS id, count(r) AS degree
