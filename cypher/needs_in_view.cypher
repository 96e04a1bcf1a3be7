// Every need (a department NEEDS a technology) as the graph stood on $as_of, among
// trusted links ($evidence, $min_confidence, $with_sample): both ends existed by then and the link was
// dated no later. Only the departments $departments unless $all_departments. One row per
// need with its link, by department id then technology id.
MATCH (d:Department)-[n:NEEDS]->(t:Technology)
WHERE ($all_departments OR d.id IN $departments)
  AND coalesce(d.established, d.founded, d.date, '') <= $as_of
  AND coalesce(t.established, t.founded, t.date, '') <= $as_of
  AND coalesce(n.date, '') <= $as_of
  AND coalesce(n.confidence, 1.0) >= $min_confidence
  AND ($with_sample OR NOT coalesce(n.sample, false))
  AND coalesce(n.evidence, $recorded) IN $evidence
RETURN d.id AS department, t.id AS technology, __PROPERTIES__(n) AS link
ORDER BY department, technology
