// For each event of $events, the technologies offered by the enterprises that attended
// it (their attendance dated in $period_start..$period_end or undated, counting on the
// event day when undated), as the graph stood on $as_of among trusted links: where a
// department needing one of them could have met a supplier.
MATCH (ev:Event)<-[b:ATTENDED]-(x:Enterprise)-[o:OFFERS]->(s:Technology)
WHERE ev.id IN $events
  AND coalesce(b.date, ev.date, '') <= $as_of
  AND (coalesce(b.date, ev.date) IS NULL OR (coalesce(b.date, ev.date) >= $period_start AND coalesce(b.date, ev.date) <= $period_end))
  AND coalesce(b.confidence, 1.0) >= $min_confidence
  AND ($with_sample OR NOT coalesce(b.sample, false))
  AND coalesce(b.evidence, $recorded) IN $evidence
  AND coalesce(x.established, x.founded, x.date, '') <= $as_of
  AND coalesce(o.date, '') <= $as_of
  AND coalesce(o.confidence, 1.0) >= $min_confidence
  AND ($with_sample OR NOT coalesce(o.sample, false))
  AND coalesce(o.evidence, $recorded) IN $evidence
RETURN ev.id AS event, collect(DISTINCT s.id) AS technologies
