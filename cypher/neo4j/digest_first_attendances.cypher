// Digest: the parties whose first event falls in the period ($before, $after]: among
// trusted attendances, they attended an event as the graph stood on $after and none as
// it stood on $before. An attendance counts on a day when the party and the event
// existed by then and its own day (else the event's) is no later; so one that counts on
// $after but not on $before has one of those three days after $before.
// Neo4j: the events where an attendance may have begun to count are found through the
// event_date and attended_date range indexes and the parties that began in the period
// (a UNION of three seeks) instead of a scan of every attendance; the rules below are
// the shared file's.
CALL () {
  MATCH (e:Event) WHERE e.date > $before AND e.date <= $after
  RETURN e
  UNION
  MATCH ()-[a:ATTENDED]->(e:Event) WHERE a.date > $before AND a.date <= $after
  RETURN e
  UNION
  MATCH (p:Entity)-[:ATTENDED]->(e:Event)
  WHERE coalesce(p.established, p.founded, p.date, '') > $before
    AND coalesce(p.established, p.founded, p.date, '') <= $after
  RETURN e
}
WITH DISTINCT e
MATCH (p:Entity)-[a:ATTENDED]->(e)
WHERE coalesce(e.date, '') <= $after AND coalesce(a.date, e.date, '') <= $after
  AND coalesce(p.established, p.founded, p.date, '') <= $after
  AND coalesce(a.confidence, 1.0) >= $min_confidence
  AND ($with_sample OR NOT coalesce(a.sample, false))
  AND coalesce(a.evidence, $recorded) IN $evidence
  AND (coalesce(e.date, '') > $before OR coalesce(a.date, e.date, '') > $before
       OR coalesce(p.established, p.founded, p.date, '') > $before)
WITH DISTINCT p
WHERE coalesce(p.established, p.founded, p.date, '') > $before OR NOT EXISTS {
  MATCH (p)-[b:ATTENDED]->(f:Event)
  WHERE coalesce(f.date, '') <= $before AND coalesce(b.date, f.date, '') <= $before
    AND coalesce(b.confidence, 1.0) >= $min_confidence
    AND ($with_sample OR NOT coalesce(b.sample, false))
    AND coalesce(b.evidence, $recorded) IN $evidence
}
RETURN p.id AS party
ORDER BY party
