// Digest: the bureaux, departments, enterprises and partner bodies that came to exist in
// the period ($before, $after]: established or founded after $before and by $after.
MATCH (n:Bureau|Department|Enterprise|PartnerBody)
WHERE coalesce(n.established, n.founded, n.date, '') > $before
  AND coalesce(n.established, n.founded, n.date, '') <= $after
RETURN n.id AS party
ORDER BY party
