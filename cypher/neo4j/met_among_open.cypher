// met_among for a question with no date or trust rules (no period, no as-of day, every
// kind of evidence, any confidence): which of the enterprises $others (every one when
// $all_others) the department $party attended an event with or piloted with, without
// reading those rules' properties on every shared attendance.
// Neo4j's own text: the department is found through the :Entity(id) index, and each
// enterprise met is kept once as a node before its id is read (the busiest department
// at 10^5 entities shares 350,000 attendances with 68,000 enterprises).
MATCH (d:Entity {id: $party})-[:ATTENDED]->(:Event)<-[:ATTENDED]-(x:Enterprise)
WHERE d:Department
WITH DISTINCT x
WHERE $all_others OR x.id IN $others
RETURN x.id AS party
UNION
MATCH (d:Entity {id: $party})-[:PILOTED]->(x:Enterprise)
WHERE d:Department AND ($all_others OR x.id IN $others)
RETURN x.id AS party
