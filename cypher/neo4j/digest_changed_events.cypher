// Digest: the events where some trusted attendance began to count in the period
// ($before, $after], each with the bureaux and departments and the enterprises whose
// trusted attendance there counts on $after (a new meeting can happen only there). An
// attendance counts on a day when both ends existed by then and its own day (else the
// event's) is no later; so one that counts on $after but not on $before has one of
// those three days after $before.
// Neo4j: the events where an attendance may have begun to count are found through the
// event_date and attended_date range indexes and the parties that began in the period
// (a UNION of three seeks) instead of a scan of every attendance. Untrusted links are
// not ruled out there, so a few more events may come back: harmless, as a pair formed
// at one either met before (and is dropped) or met there in the period.
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
MATCH (g:Bureau|Department)-[ag:ATTENDED]->(e)
WHERE coalesce(ag.date, e.date, '') <= $after
  AND coalesce(g.established, g.founded, g.date, '') <= $after
  AND coalesce(ag.confidence, 1.0) >= $min_confidence
  AND ($with_sample OR NOT coalesce(ag.sample, false))
  AND coalesce(ag.evidence, $recorded) IN $evidence
WITH e, collect(DISTINCT g.id) AS governments
MATCH (x:Enterprise)-[ax:ATTENDED]->(e)
WHERE coalesce(ax.date, e.date, '') <= $after
  AND coalesce(x.established, x.founded, x.date, '') <= $after
  AND coalesce(ax.confidence, 1.0) >= $min_confidence
  AND ($with_sample OR NOT coalesce(ax.sample, false))
  AND coalesce(ax.evidence, $recorded) IN $evidence
RETURN e.id AS event, e.date AS day, governments, collect(DISTINCT x.id) AS enterprises
