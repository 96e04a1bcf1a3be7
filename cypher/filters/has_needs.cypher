// Filter: the department has stated at least one technology need.
EXISTS { MATCH (n)-[:NEEDS]->(:Technology) }
