// Filter: the partner body incubates or counts as members at least one enterprise.
EXISTS { MATCH (:Enterprise)-[:INCUBATED_BY|MEMBER_OF]->(n) }
