// Filter: the technology is one of $value or narrower than one of them.
EXISTS { MATCH (n)-[:PART_OF*0..6]->(t:Technology) WHERE t.id IN $value }
