// Digest: the bureaux and departments and the enterprises that may have first met in the
// period ($before, $after], with every event they shared as the graph stood on $after
// (trusted attendances only) and whether that one already counted on $before; the
// caller keeps the pairs with no earlier one. An attendance counts on a day when both
// ends existed by then and its own day (else the event's) is no later. Only the events
// where some attendance began to count in the period can hold a new meeting, so the
// pairs are formed at those events only.
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
WITH DISTINCT g, x
MATCH (g)-[cg:ATTENDED]->(h:Event)<-[cx:ATTENDED]-(x)
WHERE coalesce(h.date, '') <= $after
  AND coalesce(cg.date, h.date, '') <= $after AND coalesce(cx.date, h.date, '') <= $after
  AND coalesce(cg.confidence, 1.0) >= $min_confidence AND coalesce(cg.evidence, $recorded) IN $evidence
  AND coalesce(cx.confidence, 1.0) >= $min_confidence AND coalesce(cx.evidence, $recorded) IN $evidence
RETURN g.id AS government, x.id AS enterprise, h.id AS event, h.date AS day,
  coalesce(h.date, '') <= $before
    AND coalesce(cg.date, h.date, '') <= $before AND coalesce(cx.date, h.date, '') <= $before
    AND coalesce(g.established, g.founded, g.date, '') <= $before
    AND coalesce(x.established, x.founded, x.date, '') <= $before AS earlier
