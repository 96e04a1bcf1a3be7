// Digest: the bureaux, departments, enterprises and partner bodies that came to exist in
// the period ($before, $after]: established or founded after $before and by $after.
// One label scan per kind: written as one MATCH on the four labels, the planner chose
// to scan every node once enterprises were most of them (test_cypher_plans, after tests
// that import thousands), and the change records beside them are read for nothing.
CALL {
  MATCH (n:Bureau) RETURN n
  UNION ALL
  MATCH (n:Department) RETURN n
  UNION ALL
  MATCH (n:Enterprise) RETURN n
  UNION ALL
  MATCH (n:PartnerBody) RETURN n
}
WITH n
WHERE coalesce(n.established, n.founded, n.date, '') > $before
  AND coalesce(n.established, n.founded, n.date, '') <= $after
RETURN n.id AS party
ORDER BY party
