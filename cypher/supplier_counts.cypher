// How many enterprises can serve a need for each technology of $groups: each group names
// a technology and the technologies that serve it (itself and every narrower one), and
// an enterprise counts once however many of them it offers. As the graph stood on
// $as_of, among trusted OFFERS links. Technologies nobody offers have no row.
UNWIND $groups AS g
MATCH (e:Enterprise)-[o:OFFERS]->(s:Technology)
WHERE s.id IN g.technologies
  AND coalesce(e.established, e.founded, e.date, '') <= $as_of
  AND coalesce(o.date, '') <= $as_of
  AND coalesce(o.confidence, 1.0) >= $min_confidence AND coalesce(o.evidence, $recorded) IN $evidence
RETURN g.technology AS technology, count(DISTINCT e) AS suppliers
