// Digest: the offers (an enterprise OFFERS a technology) that count as the graph stood
// on $after but not on $before, among trusted links: both ends existed by $after and the
// link is dated no later, and one of those three days is after $before.
MATCH (x:Enterprise)-[o:OFFERS]->(t:Technology)
WHERE coalesce(o.date, '') <= $after
  AND coalesce(x.established, x.founded, x.date, '') <= $after
  AND coalesce(t.established, t.founded, t.date, '') <= $after
  AND coalesce(o.confidence, 1.0) >= $min_confidence
  AND ($with_sample OR NOT coalesce(o.sample, false))
  AND coalesce(o.evidence, $recorded) IN $evidence
  AND (coalesce(o.date, '') > $before OR coalesce(x.established, x.founded, x.date, '') > $before
       OR coalesce(t.established, t.founded, t.date, '') > $before)
RETURN DISTINCT x.id AS enterprise, t.id AS technology
ORDER BY enterprise, technology
