// Filter: the department trialled at least one enterprise's solution.
EXISTS { MATCH (n)-[:PILOTED]->(:Enterprise) }
