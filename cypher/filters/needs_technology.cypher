// Filter: the department needs one of the technologies $value, or a narrower one in the taxonomy.
EXISTS { MATCH (n)-[:NEEDS]->(:Technology)-[:PART_OF*0..6]->(t:Technology) WHERE t.id IN $value }
