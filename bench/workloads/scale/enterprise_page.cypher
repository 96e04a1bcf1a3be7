// Raw twin of enterprise_page.graphql: 20 Hong Kong enterprises by English name. The
// IS NOT NULL (every entity has an English name) lets Neo4j read the name index in
// order, as the API's list query does.
MATCH (n:Enterprise) WHERE n.origin = 'HONG_KONG' AND n.name_en IS NOT NULL
RETURN n.id AS id, n.name_en AS name, n.origin AS origin
ORDER BY n.name_en, n.id LIMIT 20
