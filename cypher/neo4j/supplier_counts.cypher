// How many enterprises can serve a need for each technology of $groups: each group names
// a technology and the technologies that serve it (itself and every narrower one), and
// an enterprise counts once however many of them it offers. As the graph stood on
// $as_of, among trusted OFFERS links. Technologies nobody offers have no row.
// Each count starts from the group's technologies, found by id: starting from the
// enterprises would read every enterprise once per group.
// Neo4j's own text only for the index hint (Ladybug has no USING clause).
UNWIND $groups AS g
UNWIND g.technologies AS technology_id
MATCH (s:Entity {id: technology_id})<-[o:OFFERS]-(e:Enterprise)
USING INDEX SEEK s:Entity(id)  // a seek per technology, whatever the planner's statistics say
WHERE coalesce(e.established, e.founded, e.date, '') <= $as_of
  AND coalesce(o.date, '') <= $as_of
  AND coalesce(o.confidence, 1.0) >= $min_confidence
  AND ($with_sample OR NOT coalesce(o.sample, false))
  AND coalesce(o.evidence, $recorded) IN $evidence
RETURN g.technology AS technology, count(DISTINCT e) AS suppliers
