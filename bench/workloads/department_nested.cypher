// Raw equivalent of department_nested.graphql in one hand-written Neo4j query: the same
// 50 departments, and for each its first 5 needs, its 5 latest events, and the 5
// enterprises it met most recently (with how many in all, as totalCount asks), in the
// API's order.
MATCH (n:Department)
WITH n ORDER BY n.name_en, n.id LIMIT 50
CALL (n) {
  MATCH (n)-[r:NEEDS]->(t:Technology)
  WITH r, t ORDER BY coalesce(r.date, '') DESC, t.name_en, t.id LIMIT 5
  RETURN collect({need: r.need, id: t.id, name: t.name_en}) AS needs
}
CALL (n) {
  MATCH (n)-[a:ATTENDED]->(e:Event)
  WITH a, e ORDER BY coalesce(a.date, '') DESC, e.name_en, e.id LIMIT 5
  RETURN collect({role: a.role, date: a.date, id: e.id, name: e.name_en}) AS events
}
CALL (n) {
  MATCH (n)-[:ATTENDED]->(e:Event)<-[:ATTENDED]-(m:Enterprise)
  WITH m, count(DISTINCT e) AS shared, coalesce(max(e.date), '') AS last
  ORDER BY last DESC, m.name_en, m.id
  WITH collect({id: m.id, name: m.name_en, shared: shared}) AS met
  RETURN size(met) AS met_total, met[..5] AS met
}
RETURN n.id, n.name_en, needs, events, met_total, met
