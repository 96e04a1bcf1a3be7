// suppliers_of for a question with no date or trust rules (no as-of day, every kind of
// evidence, any confidence): the enterprises that can serve a need for each technology
// of $groups, each with the ones it offers; only from $origins unless $any_origin, only
// of $sizes unless $any_size; without reading those rules' properties on every link.
UNWIND $groups AS g
UNWIND g.technologies AS technology_id
MATCH (s__ENTITY__ {id: technology_id})<-[:OFFERS]-(e:Enterprise)
WHERE ($any_origin OR e.origin IN $origins) AND ($any_size OR e.size IN $sizes)
RETURN g.technology AS technology, e.id AS enterprise, collect(DISTINCT s.id) AS offered
ORDER BY technology, enterprise
