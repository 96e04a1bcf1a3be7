// The enterprises each partner body of $bodies (all of them when $all_bodies) incubates
// or counts as members (only $enterprises unless $all_enterprises), as the graph stood
// on $as_of among trusted links: one row per body and enterprise, by body then enterprise.
MATCH (x:Enterprise)-[r:INCUBATED_BY|MEMBER_OF]->(b:PartnerBody)
WHERE ($all_bodies OR b.id IN $bodies) AND ($all_enterprises OR x.id IN $enterprises)
  AND coalesce(b.established, b.founded, b.date, '') <= $as_of
  AND coalesce(x.established, x.founded, x.date, '') <= $as_of
  AND coalesce(r.date, '') <= $as_of
  AND coalesce(r.confidence, 1.0) >= $min_confidence
  AND ($with_sample OR NOT coalesce(r.sample, false))
  AND coalesce(r.evidence, $recorded) IN $evidence
RETURN DISTINCT b.id AS body, x.id AS enterprise
ORDER BY body, enterprise
