// The technologies offered by the enterprises each department of $departments piloted
// with (the pilot dated in $period_start..$period_end or undated), as the graph stood on
// $as_of among trusted links: one row per department with the technology ids.
MATCH (d:Department)-[p:PILOTED]->(x:Enterprise)-[o:OFFERS]->(s:Technology)
WHERE d.id IN $departments
  AND coalesce(p.date, '') <= $as_of
  AND (p.date IS NULL OR (p.date >= $period_start AND p.date <= $period_end))
  AND coalesce(p.confidence, 1.0) >= $min_confidence
  AND ($with_sample OR NOT coalesce(p.sample, false))
  AND coalesce(p.evidence, $recorded) IN $evidence
  AND coalesce(x.established, x.founded, x.date, '') <= $as_of
  AND coalesce(o.date, '') <= $as_of
  AND coalesce(o.confidence, 1.0) >= $min_confidence
  AND ($with_sample OR NOT coalesce(o.sample, false))
  AND coalesce(o.evidence, $recorded) IN $evidence
RETURN d.id AS department, collect(DISTINCT s.id) AS technologies
