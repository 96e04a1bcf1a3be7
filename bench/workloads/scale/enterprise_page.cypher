// Raw twin of enterprise_page.graphql: 20 Hong Kong enterprises by English name.
MATCH (n:Enterprise) WHERE n.origin = 'HONG_KONG'
RETURN n.id AS id, n.name_en AS name, n.origin AS origin
ORDER BY n.name_en, n.id LIMIT 20
