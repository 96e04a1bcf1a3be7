// Digest: the new meetings of the period ($before, $after]: each bureau or department
// and enterprise that shared an event as the graph stood on $after (trusted attendances
// only) and none as it stood on $before, with every event they shared then (the caller
// keeps the first). An attendance counts on a day when both ends existed by then and its
// own day (else the event's) is no later. Only the events where some attendance began
// to count in the period can hold a new meeting, so pairs are formed there only.
// Embedded: Ladybug has no CALL subqueries or list predicates, so an earlier meeting is
// one NOT EXISTS pattern per pair.
MATCH (p__ENTITY__)-[a:ATTENDED]->(e:Event)
WHERE coalesce(e.date, '') <= $after AND coalesce(a.date, e.date, '') <= $after
  AND coalesce(p.established, p.founded, p.date, '') <= $after
  AND coalesce(a.confidence, 1.0) >= $min_confidence AND coalesce(a.evidence, $recorded) IN $evidence
  AND (coalesce(e.date, '') > $before OR coalesce(a.date, e.date, '') > $before
       OR coalesce(p.established, p.founded, p.date, '') > $before)
WITH DISTINCT e
MATCH (g:Bureau|Department)-[ag:ATTENDED]->(e)<-[ax:ATTENDED]-(x:Enterprise)
WHERE coalesce(ag.date, e.date, '') <= $after AND coalesce(ax.date, e.date, '') <= $after
  AND coalesce(g.established, g.founded, g.date, '') <= $after
  AND coalesce(x.established, x.founded, x.date, '') <= $after
  AND coalesce(ag.confidence, 1.0) >= $min_confidence AND coalesce(ag.evidence, $recorded) IN $evidence
  AND coalesce(ax.confidence, 1.0) >= $min_confidence AND coalesce(ax.evidence, $recorded) IN $evidence
WITH DISTINCT g, x, e
WHERE coalesce(g.established, g.founded, g.date, '') > $before
   OR coalesce(x.established, x.founded, x.date, '') > $before
   OR NOT EXISTS {
     MATCH (g)-[cg:ATTENDED]->(h:Event)<-[cx:ATTENDED]-(x)
     WHERE coalesce(h.date, '') <= $before
       AND coalesce(cg.date, h.date, '') <= $before AND coalesce(cx.date, h.date, '') <= $before
       AND coalesce(cg.confidence, 1.0) >= $min_confidence AND coalesce(cg.evidence, $recorded) IN $evidence
       AND coalesce(cx.confidence, 1.0) >= $min_confidence AND coalesce(cx.evidence, $recorded) IN $evidence
   }
RETURN g.id AS government, x.id AS enterprise, e.id AS event, e.date AS day
