// Filter: some enterprise offers the technology or a narrower one.
EXISTS { MATCH (:Enterprise)-[:OFFERS]->(:Technology)-[:PART_OF*0..6]->(n) }
