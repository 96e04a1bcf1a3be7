// Filter: some department needs the technology or a narrower one.
EXISTS { MATCH (:Department)-[:NEEDS]->(:Technology)-[:PART_OF*0..6]->(n) }
