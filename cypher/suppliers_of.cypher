// The enterprises that can serve a need for each technology of $groups (a technology and
// the ones that serve it: itself and every narrower one), each with the ones it offers;
// only from $origins unless $any_origin, only of $sizes unless $any_size. As the graph
// stood on $as_of, among trusted OFFERS links.
// Each search starts from a technology, found by id: starting from the enterprises
// would read every enterprise once per group.
UNWIND $groups AS g
UNWIND g.technologies AS technology_id
MATCH (s__ENTITY__ {id: technology_id})<-[o:OFFERS]-(e:Enterprise)
WHERE ($any_origin OR e.origin IN $origins) AND ($any_size OR e.size IN $sizes)
  AND coalesce(e.established, e.founded, e.date, '') <= $as_of
  AND coalesce(o.date, '') <= $as_of
  AND coalesce(o.confidence, 1.0) >= $min_confidence
  AND ($with_sample OR NOT coalesce(o.sample, false))
  AND coalesce(o.evidence, $recorded) IN $evidence
RETURN g.technology AS technology, e.id AS enterprise, collect(DISTINCT s.id) AS offered
ORDER BY technology, enterprise
