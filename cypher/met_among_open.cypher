// met_among for a question with no date or trust rules (no period, no as-of day, every
// kind of evidence, any confidence): which of the enterprises $others (every one when
// $all_others) the department $party attended an event with or piloted with, without
// reading those rules' properties on every shared attendance.
MATCH (d:Department {id: $party})-[:ATTENDED]->(:Event)<-[:ATTENDED]-(x:Enterprise)
WHERE $all_others OR x.id IN $others
RETURN DISTINCT x.id AS party
UNION
MATCH (d:Department {id: $party})-[:PILOTED]->(x:Enterprise)
WHERE $all_others OR x.id IN $others
RETURN DISTINCT x.id AS party
