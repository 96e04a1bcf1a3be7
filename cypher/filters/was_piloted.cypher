// Filter: at least one department trialled the enterprise's solution.
EXISTS { MATCH (:Department)-[:PILOTED]->(n) }
