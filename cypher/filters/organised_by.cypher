// Filter: the event was organised or co-organised by one of $value.
EXISTS { MATCH (o)-[:ORGANISED|CO_ORGANISED]->(n) WHERE o.id IN $value }
