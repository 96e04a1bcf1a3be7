// For each department of $departments, the technologies offered by the enterprises it
// met: attended an event with (both attendances dated in $period_start..$period_end or
// undated, counting on the event day when undated) or piloted with, as the graph stood on
// $as_of, among trusted links. A need is met when one of these serves it.
MATCH (d:Department)-[a:ATTENDED]->(ev:Event)<-[b:ATTENDED]-(x:Enterprise)-[o:OFFERS]->(s:Technology)
WHERE d.id IN $departments
  AND coalesce(ev.date, '') <= $as_of
  AND coalesce(a.date, ev.date, '') <= $as_of AND coalesce(b.date, ev.date, '') <= $as_of
  AND (coalesce(a.date, ev.date) IS NULL OR (coalesce(a.date, ev.date) >= $period_start AND coalesce(a.date, ev.date) <= $period_end))
  AND (coalesce(b.date, ev.date) IS NULL OR (coalesce(b.date, ev.date) >= $period_start AND coalesce(b.date, ev.date) <= $period_end))
  AND coalesce(a.confidence, 1.0) >= $min_confidence AND coalesce(a.evidence, $recorded) IN $evidence
  AND coalesce(b.confidence, 1.0) >= $min_confidence AND coalesce(b.evidence, $recorded) IN $evidence
  AND coalesce(x.established, x.founded, x.date, '') <= $as_of
  AND coalesce(s.established, s.founded, s.date, '') <= $as_of
  AND coalesce(o.date, '') <= $as_of
  AND coalesce(o.confidence, 1.0) >= $min_confidence AND coalesce(o.evidence, $recorded) IN $evidence
RETURN d.id AS department, collect(DISTINCT s.id) AS technologies
UNION ALL
MATCH (d:Department)-[p:PILOTED]->(x:Enterprise)-[o:OFFERS]->(s:Technology)
WHERE d.id IN $departments
  AND coalesce(p.date, '') <= $as_of
  AND (p.date IS NULL OR (p.date >= $period_start AND p.date <= $period_end))
  AND coalesce(p.confidence, 1.0) >= $min_confidence AND coalesce(p.evidence, $recorded) IN $evidence
  AND coalesce(x.established, x.founded, x.date, '') <= $as_of
  AND coalesce(s.established, s.founded, s.date, '') <= $as_of
  AND coalesce(o.date, '') <= $as_of
  AND coalesce(o.confidence, 1.0) >= $min_confidence AND coalesce(o.evidence, $recorded) IN $evidence
RETURN d.id AS department, collect(DISTINCT s.id) AS technologies
