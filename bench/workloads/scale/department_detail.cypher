// Raw twin of department_detail.graphql: the department, its bureau, its 5 newest events.
MATCH (d:Entity {id: $department})
OPTIONAL MATCH (d)-[:PART_OF]->(b:Bureau)
CALL (d) {
  MATCH (d)-[a:ATTENDED]->(e:Event)
  WITH a, e ORDER BY coalesce(a.date, '') DESC, e.name_en, e.id LIMIT 5
  RETURN collect({id: e.id, name: e.name_en, date: e.date}) AS events
}
RETURN d.id AS id, d.name_en AS name, {id: b.id, name: b.name_en} AS bureau, events
