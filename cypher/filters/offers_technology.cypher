// Filter: the enterprise offers one of the technologies $value, or a narrower one in the taxonomy.
EXISTS { MATCH (n)-[:OFFERS]->(:Technology)-[:PART_OF*0..6]->(t:Technology) WHERE t.id IN $value }
