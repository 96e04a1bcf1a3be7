// The organisation chart as it stood on $as_of: each department's place (its bureau, or
// the department it is a unit of), both ends existing by then. A department's place is
// its newest PART_OF link to one of $chart_kinds dated on or before the day (undated
// links are the oldest; of two on one day, the parent with the greater id): older ones
// are its history (graph_api.domain.chart). Bureaux roll their departments up through
// it. Trust rules do not apply: the chart is reference structure (STRUCTURAL_TYPES), and
// trust filters weigh claims about meetings and ties.
MATCH (d:Department)-[p:PART_OF]->(u)
WHERE u.kind IN $chart_kinds
  AND coalesce(d.established, d.founded, d.date, '') <= $as_of
  AND coalesce(u.established, u.founded, u.date, '') <= $as_of
  AND coalesce(p.date, '') <= $as_of
  AND NOT EXISTS { MATCH (u)<-[own:PART_OF]-(d)-[q:PART_OF]->(v)
                 WHERE v.kind IN $chart_kinds AND coalesce(q.date, '') <= $as_of
                   AND (coalesce(q.date, '') > coalesce(own.date, '')
                        OR (coalesce(q.date, '') = coalesce(own.date, '') AND v.id > u.id)) }
RETURN d.id AS department, u.id AS parent, u.kind AS parent_kind
ORDER BY department, parent
