// Filter: the enterprise offers at least one technology.
EXISTS { MATCH (n)-[:OFFERS]->(:Technology) }
