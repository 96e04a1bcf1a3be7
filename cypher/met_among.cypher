// Which of the enterprises $others (every one when $all_others) the department $party
// met: attended an event with (both attendances dated in $period_start..$period_end or
// undated, counting on the event day when undated) or piloted with, as the graph stood on
// $as_of among trusted links.
MATCH (d:Department {id: $party})-[a:ATTENDED]->(ev:Event)<-[b:ATTENDED]-(x:Enterprise)
WHERE ($all_others OR x.id IN $others)
  AND coalesce(ev.date, '') <= $as_of
  AND coalesce(x.established, x.founded, x.date, '') <= $as_of
  AND coalesce(a.date, ev.date, '') <= $as_of AND coalesce(b.date, ev.date, '') <= $as_of
  AND (coalesce(a.date, ev.date) IS NULL OR (coalesce(a.date, ev.date) >= $period_start AND coalesce(a.date, ev.date) <= $period_end))
  AND (coalesce(b.date, ev.date) IS NULL OR (coalesce(b.date, ev.date) >= $period_start AND coalesce(b.date, ev.date) <= $period_end))
  AND coalesce(a.confidence, 1.0) >= $min_confidence
  AND ($with_sample OR NOT coalesce(a.sample, false))
  AND coalesce(a.evidence, $recorded) IN $evidence
  AND coalesce(b.confidence, 1.0) >= $min_confidence
  AND ($with_sample OR NOT coalesce(b.sample, false))
  AND coalesce(b.evidence, $recorded) IN $evidence
RETURN DISTINCT x.id AS party
UNION
MATCH (d:Department {id: $party})-[p:PILOTED]->(x:Enterprise)
WHERE ($all_others OR x.id IN $others)
  AND coalesce(x.established, x.founded, x.date, '') <= $as_of
  AND coalesce(p.date, '') <= $as_of
  AND (p.date IS NULL OR (p.date >= $period_start AND p.date <= $period_end))
  AND coalesce(p.confidence, 1.0) >= $min_confidence
  AND ($with_sample OR NOT coalesce(p.sample, false))
  AND coalesce(p.evidence, $recorded) IN $evidence
RETURN DISTINCT x.id AS party
