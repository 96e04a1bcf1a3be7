// The organisation chart as it stood on $as_of: each department and what it is PART_OF
// (its bureau or a parent department), both ends existing by then. Bureaux roll their
// departments up through it. Trust rules do not apply: the chart is reference structure
// (STRUCTURAL_TYPES), and trust filters weigh claims about meetings and ties.
MATCH (d:Department)-[p:PART_OF]->(u)
WHERE coalesce(d.established, d.founded, d.date, '') <= $as_of
  AND coalesce(u.established, u.founded, u.date, '') <= $as_of
  AND coalesce(p.date, '') <= $as_of
RETURN d.id AS department, u.id AS parent, u.kind AS parent_kind
ORDER BY department, parent
