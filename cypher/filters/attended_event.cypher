// Filter: the party attended one of the events $value.
EXISTS { MATCH (n)-[:ATTENDED]->(e:Event) WHERE e.id IN $value }
