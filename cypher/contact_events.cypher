// For each technology of $groups (its needing departments and the technologies that serve
// it), the events where a needing department and an enterprise offering one of those
// technologies both attended: both attendances dated in $period_start..$period_end or
// undated (an undated one counts on the event day), as the graph stood on $as_of, among
// trusted links. Each event once per technology; ids only when $with_ids.
UNWIND $groups AS g
MATCH (d:Department)-[a:ATTENDED]->(ev:Event)
WHERE d.id IN g.departments
  AND coalesce(ev.date, '') <= $as_of AND coalesce(a.date, ev.date, '') <= $as_of
  AND (coalesce(a.date, ev.date) IS NULL OR (coalesce(a.date, ev.date) >= $period_start AND coalesce(a.date, ev.date) <= $period_end))
  AND coalesce(a.confidence, 1.0) >= $min_confidence AND coalesce(a.evidence, $recorded) IN $evidence
WITH DISTINCT g.technology AS technology, g.technologies AS serving, ev
WHERE EXISTS {
  MATCH (ev)<-[b:ATTENDED]-(x:Enterprise)-[o:OFFERS]->(s:Technology)
  WHERE s.id IN serving
    AND coalesce(b.date, ev.date, '') <= $as_of
    AND (coalesce(b.date, ev.date) IS NULL OR (coalesce(b.date, ev.date) >= $period_start AND coalesce(b.date, ev.date) <= $period_end))
    AND coalesce(b.confidence, 1.0) >= $min_confidence AND coalesce(b.evidence, $recorded) IN $evidence
    AND coalesce(x.established, x.founded, x.date, '') <= $as_of
    AND coalesce(s.established, s.founded, s.date, '') <= $as_of
    AND coalesce(o.date, '') <= $as_of
    AND coalesce(o.confidence, 1.0) >= $min_confidence AND coalesce(o.evidence, $recorded) IN $evidence
}
RETURN technology, count(ev) AS events,
       CASE WHEN $with_ids THEN collect(ev.id) ELSE [] END AS event_ids
