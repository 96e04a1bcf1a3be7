// Filter: one of the parties $value attended the event.
EXISTS { MATCH (p)-[:ATTENDED]->(n) WHERE p.id IN $value }
