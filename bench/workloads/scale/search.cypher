// Raw twin of search.graphql: entities whose names contain the text, 10 by name.
MATCH (n:Entity) WHERE toLower(n.name_en) CONTAINS toLower($text)
RETURN n.id AS id, n.name_en AS name ORDER BY n.name_en, n.id LIMIT 10
