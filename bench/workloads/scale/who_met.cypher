// Raw twin of who_met.graphql: enterprises that attended an event with the department.
MATCH (d:Entity {id: $department})-[:ATTENDED]->(e:Event)<-[:ATTENDED]-(m:Enterprise)
WITH m.id AS id, count(DISTINCT e) AS shared
ORDER BY shared DESC, id LIMIT 10
RETURN id, shared
