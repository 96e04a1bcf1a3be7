// next_hop for a question with no date or trust rules (no period, no as-of day, every
// kind of evidence, any confidence): the entities one step from $ids (all of kind
// __KIND__) over links of $types, either way, without reading those properties. Persons
// are dropped by the caller; one half per direction (Ladybug has no undirected type()).
MATCH (owner:__KIND__)-[l]->(m)
WHERE owner.id IN $ids AND label(l) IN $types
RETURN DISTINCT m.id AS id
UNION
MATCH (owner:__KIND__)<-[l]-(m)
WHERE owner.id IN $ids AND label(l) IN $types
RETURN DISTINCT m.id AS id
