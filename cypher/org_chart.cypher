// The organisation chart as it stood on $as_of among trusted links: each department and
// what it is PART_OF (its bureau or a parent department), both ends existing by then.
// Bureaux roll their departments up through it.
MATCH (d:Department)-[p:PART_OF]->(u)
WHERE coalesce(d.established, d.founded, d.date, '') <= $as_of
  AND coalesce(u.established, u.founded, u.date, '') <= $as_of
  AND coalesce(p.date, '') <= $as_of
  AND coalesce(p.confidence, 1.0) >= $min_confidence AND coalesce(p.evidence, $recorded) IN $evidence
RETURN d.id AS department, u.id AS parent, u.kind AS parent_kind
ORDER BY department, parent
