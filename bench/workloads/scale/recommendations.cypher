// Raw twin of recommendations.graphql, the technology-fit part of the score only (the
// rest needs a breadth-first search no single Cypher query makes cheap): enterprises
// offering what the department needs, or a narrower technology, most needs fitted first.
MATCH (d:Entity {id: $department})-[:NEEDS]->(t:Technology)<-[:PART_OF*0..]-(:Technology)<-[:OFFERS]-(e:Enterprise)
WITH e, count(DISTINCT t) AS fitted
RETURN e.id AS id, fitted
ORDER BY fitted DESC, id
LIMIT 10
