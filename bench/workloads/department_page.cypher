// Raw equivalent of department_page.graphql: the same rows, written by hand for Neo4j.
MATCH (n:Department)
WITH count(n) AS total
MATCH (n:Department)
WITH total, n ORDER BY n.name_en, n.id LIMIT 50
CALL (n) {
  // Its bureau as the chart stands: its newest PART_OF place, through it for a unit.
  OPTIONAL MATCH (n)-[p:PART_OF]->(x)
  WHERE x:Bureau OR x:Department
  WITH x ORDER BY coalesce(p.date, '') DESC, x.id DESC LIMIT 1
  OPTIONAL MATCH (x:Department)-[q:PART_OF]->(y)
  WHERE y:Bureau OR y:Department
  WITH x, y ORDER BY coalesce(q.date, '') DESC, y.id DESC LIMIT 1
  RETURN CASE WHEN x:Bureau THEN x WHEN y:Bureau THEN y END AS b
}
RETURN total, n.id, n.name_en, n.name_zh, b.id, b.name_en
