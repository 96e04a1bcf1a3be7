// Raw equivalent of ping.graphql: the fixed cost of one driver round-trip to Neo4j.
RETURN 1 AS one
