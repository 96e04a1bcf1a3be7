// Digest: the new meetings of the period ($before, $after]: each bureau or department
// and enterprise that shared an event as the graph stood on $after (trusted attendances
// only) and none as it stood on $before, with every event they shared then (the caller
// keeps the first). An attendance counts on a day when both ends existed by then and its
// own day (else the event's) is no later. Only the events where some attendance began
// to count in the period can hold a new meeting, so pairs are formed there only.
// Neo4j: an earlier meeting is sought from the enterprise's side (its few earlier events,
// each checked for the party), as the planner would start from the party's many.
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
WITH g, x, collect(DISTINCT e) AS events
WITH x, collect([g, events]) AS pairs
CALL (x) {
  OPTIONAL MATCH (x)-[cx:ATTENDED]->(h:Event)
  WHERE coalesce(x.established, x.founded, x.date, '') <= $before
    AND coalesce(h.date, '') <= $before AND coalesce(cx.date, h.date, '') <= $before
    AND coalesce(cx.confidence, 1.0) >= $min_confidence AND coalesce(cx.evidence, $recorded) IN $evidence
  RETURN collect(h) AS earlier_events
}
UNWIND pairs AS pair
WITH x, pair[0] AS g, pair[1] AS events, earlier_events
WHERE coalesce(g.established, g.founded, g.date, '') > $before
   OR NOT any(h IN earlier_events WHERE EXISTS {
     MATCH (g)-[cg:ATTENDED]->(h)
     WHERE coalesce(cg.date, h.date, '') <= $before
       AND coalesce(cg.confidence, 1.0) >= $min_confidence AND coalesce(cg.evidence, $recorded) IN $evidence
   })
UNWIND events AS e
RETURN g.id AS government, x.id AS enterprise, e.id AS event, e.date AS day
