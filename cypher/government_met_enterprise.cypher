// The bureaux and departments (existing on $as_of) that met an enterprise: attended an
// event an enterprise also attended (both attendances dated in $period_start..$period_end
// or undated, counting on the event day when undated) or, for a department, piloted with
// one; as the graph stood on $as_of, among trusted links.
MATCH (g:Department)
WHERE coalesce(g.established, g.founded, g.date, '') <= $as_of
  AND (EXISTS {
    MATCH (g)-[p:PILOTED]->(x:Enterprise)
    WHERE coalesce(p.date, '') <= $as_of
      AND (p.date IS NULL OR (p.date >= $period_start AND p.date <= $period_end))
      AND coalesce(p.confidence, 1.0) >= $min_confidence
      AND ($with_sample OR NOT coalesce(p.sample, false))
      AND coalesce(p.evidence, $recorded) IN $evidence
      AND coalesce(x.established, x.founded, x.date, '') <= $as_of
  } OR EXISTS {
    MATCH (g)-[a:ATTENDED]->(ev:Event)<-[b:ATTENDED]-(x:Enterprise)
    WHERE coalesce(ev.date, '') <= $as_of
      AND coalesce(a.date, ev.date, '') <= $as_of AND coalesce(b.date, ev.date, '') <= $as_of
      AND (coalesce(a.date, ev.date) IS NULL OR (coalesce(a.date, ev.date) >= $period_start AND coalesce(a.date, ev.date) <= $period_end))
      AND (coalesce(b.date, ev.date) IS NULL OR (coalesce(b.date, ev.date) >= $period_start AND coalesce(b.date, ev.date) <= $period_end))
      AND coalesce(a.confidence, 1.0) >= $min_confidence
      AND ($with_sample OR NOT coalesce(a.sample, false))
      AND coalesce(a.evidence, $recorded) IN $evidence
      AND coalesce(b.confidence, 1.0) >= $min_confidence
      AND ($with_sample OR NOT coalesce(b.sample, false))
      AND coalesce(b.evidence, $recorded) IN $evidence
      AND coalesce(x.established, x.founded, x.date, '') <= $as_of
  })
RETURN g.id AS party
UNION ALL
MATCH (g:Bureau)
WHERE coalesce(g.established, g.founded, g.date, '') <= $as_of
  AND EXISTS {
    MATCH (g)-[a:ATTENDED]->(ev:Event)<-[b:ATTENDED]-(x:Enterprise)
    WHERE coalesce(ev.date, '') <= $as_of
      AND coalesce(a.date, ev.date, '') <= $as_of AND coalesce(b.date, ev.date, '') <= $as_of
      AND (coalesce(a.date, ev.date) IS NULL OR (coalesce(a.date, ev.date) >= $period_start AND coalesce(a.date, ev.date) <= $period_end))
      AND (coalesce(b.date, ev.date) IS NULL OR (coalesce(b.date, ev.date) >= $period_start AND coalesce(b.date, ev.date) <= $period_end))
      AND coalesce(a.confidence, 1.0) >= $min_confidence
      AND ($with_sample OR NOT coalesce(a.sample, false))
      AND coalesce(a.evidence, $recorded) IN $evidence
      AND coalesce(b.confidence, 1.0) >= $min_confidence
      AND ($with_sample OR NOT coalesce(b.sample, false))
      AND coalesce(b.evidence, $recorded) IN $evidence
      AND coalesce(x.established, x.founded, x.date, '') <= $as_of
  }
RETURN g.id AS party
