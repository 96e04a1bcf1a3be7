// Digest: for each party of $parties, the events its trusted attendances counted at as
// the graph stood on $before (the party existed by then, and the attendance's day, else
// the event's, is no later): two parties had met before the period if these share one.
MATCH (p__ENTITY__)-[b:ATTENDED]->(f:Event)
WHERE p.id IN $parties
  AND coalesce(p.established, p.founded, p.date, '') <= $before
  AND coalesce(f.date, '') <= $before AND coalesce(b.date, f.date, '') <= $before
  AND coalesce(b.confidence, 1.0) >= $min_confidence
  AND ($with_sample OR NOT coalesce(b.sample, false))
  AND coalesce(b.evidence, $recorded) IN $evidence
RETURN p.id AS party, collect(DISTINCT f.id) AS events
