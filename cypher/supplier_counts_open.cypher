// supplier_counts for a question with no date or trust rules (no as-of day, every kind
// of evidence, any confidence): how many enterprises can serve a need for each
// technology of $groups, without reading those rules' properties on every OFFERS link.
UNWIND $groups AS g
UNWIND g.technologies AS technology_id
MATCH (s__ENTITY__ {id: technology_id})<-[:OFFERS]-(e:Enterprise)
RETURN g.technology AS technology, count(DISTINCT e) AS suppliers
