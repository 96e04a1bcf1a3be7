// Which of the needs $needs (each a department, a technology and the technologies that
// serve it: itself and every narrower one) the department has met a supplier about: it
// attended an event with an enterprise offering one of them, or piloted with one (the
// attendances or pilot dated in $period_start..$period_end or undated, an undated
// attendance counting on the event day), as the graph stood on $as_of among trusted
// links. Each check stops at the first supplier found.
UNWIND $needs AS need
MATCH (d:Department)
WHERE d.id = need.department
  AND (EXISTS {
    MATCH (d)-[p:PILOTED]->(x:Enterprise)-[o:OFFERS]->(s:Technology)
    WHERE s.id IN need.technologies
      AND coalesce(p.date, '') <= $as_of
      AND (p.date IS NULL OR (p.date >= $period_start AND p.date <= $period_end))
      AND coalesce(p.confidence, 1.0) >= $min_confidence
      AND ($with_sample OR NOT coalesce(p.sample, false))
      AND coalesce(p.evidence, $recorded) IN $evidence
      AND coalesce(x.established, x.founded, x.date, '') <= $as_of
      AND coalesce(o.date, '') <= $as_of
      AND coalesce(o.confidence, 1.0) >= $min_confidence
      AND ($with_sample OR NOT coalesce(o.sample, false))
      AND coalesce(o.evidence, $recorded) IN $evidence
  } OR EXISTS {
    MATCH (d)-[a:ATTENDED]->(ev:Event)<-[b:ATTENDED]-(x:Enterprise)-[o:OFFERS]->(s:Technology)
    WHERE s.id IN need.technologies
      AND coalesce(ev.date, '') <= $as_of
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
      AND coalesce(o.date, '') <= $as_of
      AND coalesce(o.confidence, 1.0) >= $min_confidence
      AND ($with_sample OR NOT coalesce(o.sample, false))
      AND coalesce(o.evidence, $recorded) IN $evidence
  })
RETURN need.department AS department, need.technology AS technology
