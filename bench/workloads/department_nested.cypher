// Raw equivalent of department_nested.graphql in one hand-written Neo4j query.
MATCH (n:Department)
WITH n ORDER BY n.name_en, n.id LIMIT 50
CALL (n) {
  OPTIONAL MATCH (n)-[r:NEEDS]->(t:Technology)
  WITH r, t ORDER BY t.name_en LIMIT 5
  RETURN collect({need: r.need, id: t.id, name: t.name_en}) AS needs
}
CALL (n) {
  OPTIONAL MATCH (n)-[a:ATTENDED]->(e:Event)
  WITH a, e ORDER BY a.date DESC LIMIT 5
  RETURN collect({role: a.role, date: a.date, id: e.id, name: e.name_en}) AS events
}
CALL (n) {
  OPTIONAL MATCH (n)-[:ATTENDED]->(e:Event)<-[:ATTENDED]-(m:Enterprise)
  WITH m, count(DISTINCT e) AS shared, max(e.date) AS last
  ORDER BY last DESC LIMIT 5
  RETURN collect({id: m.id, name: m.name_en, shared: shared}) AS met
}
RETURN n.id, n.name_en, needs, events, met
