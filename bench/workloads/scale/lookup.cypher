// Raw twin of lookup.graphql: one entity by id.
MATCH (d:Entity {id: $department}) RETURN d.id AS id, d.name_en AS name
