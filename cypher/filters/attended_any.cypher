// Filter: the party attended at least one event.
EXISTS { MATCH (n)-[:ATTENDED]->(:Event) }
