// How many parties attended each event of $ids under a question's rules: distinct
// bureaux, departments, enterprises and partner bodies ($party_kinds; persons are not
// analysed) whose attendance counts as of $as_of (ISO; 9999-12-31 for no limit), dated in
// $period_start..$period_end (an undated attendance takes the event's day) and trusted
// ($min_confidence, $evidence, $with_sample). A meeting's strength divides by it
// (graph_api.analytics.ties). One row per event with any.
MATCH (e:Event)<-[a:ATTENDED]-(m)
WHERE e.id IN $ids
// The other filters after a WITH: in the WHERE above Ladybug scanned every entity for m
// and joined (118 ms for two events at 10^5 entities; 4 ms so).
WITH e, a, m
WHERE m.kind IN $party_kinds
  AND coalesce(m.established, m.founded, '') <= $as_of
  AND coalesce(a.date, e.date, '') <= $as_of
  AND (coalesce(a.date, e.date) IS NULL OR coalesce(a.date, e.date) >= $period_start)
  AND (coalesce(a.date, e.date) IS NULL OR coalesce(a.date, e.date) <= $period_end)
  AND coalesce(a.confidence, 1.0) >= $min_confidence
  AND ($with_sample OR NOT coalesce(a.sample, false))
  AND coalesce(a.evidence, $recorded) IN $evidence
RETURN e.id AS event, count(DISTINCT m.id) AS parties
