// The partner bodies that organised or co-organised an event the department $party
// attended (its attendance dated in $period_start..$period_end or undated, counting on
// the event day when undated), as the graph stood on $as_of among trusted links: the
// channels through which a body could introduce its enterprises.
// Neo4j's own wording: the department is found through the :Entity(id) index; named by
// its label alone, the planner began from every partner body's events (1.3 s at 10^5).
MATCH (d:Entity:Department {id: $party})-[a:ATTENDED]->(ev:Event)<-[o:ORGANISED|CO_ORGANISED]-(b:PartnerBody)
WHERE coalesce(ev.date, '') <= $as_of
  AND coalesce(b.established, b.founded, b.date, '') <= $as_of
  AND coalesce(a.date, ev.date, '') <= $as_of AND coalesce(o.date, ev.date, '') <= $as_of
  AND (coalesce(a.date, ev.date) IS NULL OR (coalesce(a.date, ev.date) >= $period_start AND coalesce(a.date, ev.date) <= $period_end))
  AND coalesce(a.confidence, 1.0) >= $min_confidence
  AND ($with_sample OR NOT coalesce(a.sample, false))
  AND coalesce(a.evidence, $recorded) IN $evidence
  AND coalesce(o.confidence, 1.0) >= $min_confidence
  AND ($with_sample OR NOT coalesce(o.sample, false))
  AND coalesce(o.evidence, $recorded) IN $evidence
RETURN DISTINCT b.id AS body
