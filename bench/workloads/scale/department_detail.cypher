// Raw twin of department_detail.graphql: the department, its bureau, its 5 newest events.
MATCH (d:Entity {id: $department})
CALL (d) {
  // Its bureau as the chart stands: its newest PART_OF place, through it for a unit.
  OPTIONAL MATCH (d)-[p:PART_OF]->(x)
  WHERE x:Bureau OR x:Department
  WITH x ORDER BY coalesce(p.date, '') DESC, x.id DESC LIMIT 1
  OPTIONAL MATCH (x:Department)-[q:PART_OF]->(y)
  WHERE y:Bureau OR y:Department
  WITH x, y ORDER BY coalesce(q.date, '') DESC, y.id DESC LIMIT 1
  RETURN CASE WHEN x:Bureau THEN x WHEN y:Bureau THEN y END AS b
}
CALL (d) {
  MATCH (d)-[a:ATTENDED]->(e:Event)
  WITH a, e ORDER BY coalesce(a.date, '') DESC, e.name_en, e.id LIMIT 5
  RETURN collect({id: e.id, name: e.name_en, date: e.date}) AS events
}
RETURN d.id AS id, d.name_en AS name, {id: b.id, name: b.name_en} AS bureau, events
