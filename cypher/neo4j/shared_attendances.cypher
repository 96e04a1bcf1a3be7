// The events $party attended together with each of the parties $others, under the same
// rules as who_met_partners (also $all_events, $events and $role): one row per (other
// party, event) with that party, the event, both attendances and the day it counts on.
MATCH (p:Entity {id: $party})-[a:ATTENDED]->(e:Event)<-[b:ATTENDED]-(m:Entity)
WHERE m.id IN $others
  AND ($all_events OR e.id IN $events) AND ($role = '' OR b.role = $role)
  AND coalesce(e.date, '') <= $as_of AND coalesce(m.established, m.founded, '') <= $as_of
  AND coalesce(a.date, e.date, '') <= $as_of AND coalesce(b.date, e.date, '') <= $as_of
  AND (coalesce(a.date, e.date) IS NULL OR coalesce(a.date, e.date) >= $period_start)
  AND (coalesce(a.date, e.date) IS NULL OR coalesce(a.date, e.date) <= $period_end)
  AND (coalesce(b.date, e.date) IS NULL OR coalesce(b.date, e.date) >= $period_start)
  AND (coalesce(b.date, e.date) IS NULL OR coalesce(b.date, e.date) <= $period_end)
  AND coalesce(a.confidence, 1.0) >= $min_confidence
  AND ($with_sample OR NOT coalesce(a.sample, false))
  AND coalesce(b.confidence, 1.0) >= $min_confidence
         AND ($with_sample OR NOT coalesce(b.sample, false))
  AND coalesce(a.evidence, $recorded) IN $evidence AND coalesce(b.evidence, $recorded) IN $evidence
RETURN m.id AS other_id, properties(m) AS other_node, properties(e) AS event, a {.*, type: type(a)} AS own,
       b {.*, type: type(b)} AS other, coalesce(e.date, a.date) AS day
ORDER BY other_id, event.id
