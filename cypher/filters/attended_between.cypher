// Filter: the party attended an event held between $low and $high (ISO dates, inclusive).
EXISTS { MATCH (n)-[:ATTENDED]->(e:Event) WHERE e.date >= $low AND e.date <= $high }
