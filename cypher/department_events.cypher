// The events each department of $departments attended (dated in $period_start..
// $period_end or undated, an undated attendance counting on the event day), as the graph
// stood on $as_of among trusted links: one row per department with its event ids.
MATCH (d:Department)-[a:ATTENDED]->(ev:Event)
WHERE d.id IN $departments
  AND coalesce(ev.date, '') <= $as_of AND coalesce(a.date, ev.date, '') <= $as_of
  AND (coalesce(a.date, ev.date) IS NULL OR (coalesce(a.date, ev.date) >= $period_start AND coalesce(a.date, ev.date) <= $period_end))
  AND coalesce(a.confidence, 1.0) >= $min_confidence
  AND ($with_sample OR NOT coalesce(a.sample, false))
  AND coalesce(a.evidence, $recorded) IN $evidence
RETURN d.id AS department, collect(DISTINCT ev.id) AS events
