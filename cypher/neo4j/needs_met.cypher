// Which of the needs $needs (each a department, a technology and the technologies that
// serve it: itself and every narrower one) the department has met a supplier about: it
// attended an event with an enterprise offering one of them, or piloted with one (the
// attendances or pilot dated in $period_start..$period_end or undated, an undated
// attendance counting on the event day), as the graph stood on $as_of among trusted
// links. Each check stops at the first supplier found.
// Neo4j's own text: the department is found by id through the :Entity constraint, and
// the patterns name no labels past it (the model fixes them: ATTENDED ends at an
// event, OFFERS runs from an enterprise to a technology, PILOTED from a department to
// an enterprise), so the planner can only expand from the department; with labels it
// scanned every event once per need.
UNWIND $needs AS need
MATCH (d:Entity {id: need.department})
USING INDEX SEEK d:Entity(id)  // a seek per need, whatever the planner's statistics say
WHERE d:Department
  AND (EXISTS {
    MATCH (d)-[p:PILOTED]->(x)-[o:OFFERS]->(s)
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
    MATCH (d)-[a:ATTENDED]->(ev)<-[b:ATTENDED]-(x)-[o:OFFERS]->(s)
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
