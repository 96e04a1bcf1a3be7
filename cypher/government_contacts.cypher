// The bureaux and departments each enterprise of $enterprises met: attended an event with
// (both attendances dated in $period_start..$period_end or undated, counting on the
// event day when undated) or piloted with, as the graph stood on $as_of, among trusted
// links. One row per enterprise and party met (the parties gathered per enterprise).
MATCH (x:Enterprise)-[b:ATTENDED]->(ev:Event)<-[a:ATTENDED]-(g:Bureau|Department)
WHERE x.id IN $enterprises
  AND coalesce(ev.date, '') <= $as_of
  AND coalesce(g.established, g.founded, g.date, '') <= $as_of
  AND coalesce(a.date, ev.date, '') <= $as_of AND coalesce(b.date, ev.date, '') <= $as_of
  AND (coalesce(a.date, ev.date) IS NULL OR (coalesce(a.date, ev.date) >= $period_start AND coalesce(a.date, ev.date) <= $period_end))
  AND (coalesce(b.date, ev.date) IS NULL OR (coalesce(b.date, ev.date) >= $period_start AND coalesce(b.date, ev.date) <= $period_end))
  AND coalesce(a.confidence, 1.0) >= $min_confidence
  AND ($with_sample OR NOT coalesce(a.sample, false))
  AND coalesce(a.evidence, $recorded) IN $evidence
  AND coalesce(b.confidence, 1.0) >= $min_confidence
  AND ($with_sample OR NOT coalesce(b.sample, false))
  AND coalesce(b.evidence, $recorded) IN $evidence
RETURN x.id AS enterprise, collect(DISTINCT g.id) AS parties
UNION ALL
MATCH (g:Department)-[p:PILOTED]->(x:Enterprise)
WHERE x.id IN $enterprises
  AND coalesce(g.established, g.founded, g.date, '') <= $as_of
  AND coalesce(p.date, '') <= $as_of
  AND (p.date IS NULL OR (p.date >= $period_start AND p.date <= $period_end))
  AND coalesce(p.confidence, 1.0) >= $min_confidence
  AND ($with_sample OR NOT coalesce(p.sample, false))
  AND coalesce(p.evidence, $recorded) IN $evidence
RETURN x.id AS enterprise, collect(DISTINCT g.id) AS parties
