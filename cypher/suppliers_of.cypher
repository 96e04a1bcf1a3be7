// The enterprises that can serve a need for each technology of $groups (a technology and
// the ones that serve it: itself and every narrower one), each with the ones it offers;
// only from $origins unless $any_origin, only of $sizes unless $any_size. As the graph
// stood on $as_of, among trusted OFFERS links.
UNWIND $groups AS g
MATCH (e:Enterprise)-[o:OFFERS]->(s:Technology)
WHERE s.id IN g.technologies
  AND ($any_origin OR e.origin IN $origins) AND ($any_size OR e.size IN $sizes)
  AND coalesce(e.established, e.founded, e.date, '') <= $as_of
  AND coalesce(o.date, '') <= $as_of
  AND coalesce(o.confidence, 1.0) >= $min_confidence AND coalesce(o.evidence, $recorded) IN $evidence
RETURN g.technology AS technology, e.id AS enterprise, collect(DISTINCT s.id) AS offered
ORDER BY technology, enterprise
