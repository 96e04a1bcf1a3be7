// needs_met for a question with no date or trust rules (no period, no as-of day, every
// kind of evidence, any confidence): which of the needs $needs the department has met a
// supplier about (an event shared with, or a pilot with, an enterprise offering one of
// the technologies serving the need), without reading those rules' properties on every
// link. As in needs_met, the patterns name no labels past the department, so the
// planner can only expand from it; each check stops at the first supplier found.
UNWIND $needs AS need
MATCH (d:Entity {id: need.department})
USING INDEX SEEK d:Entity(id)  // a seek per need, whatever the planner's statistics say
WHERE d:Department
  AND (EXISTS {
    MATCH (d)-[:PILOTED]->(x)-[:OFFERS]->(s)
    WHERE s.id IN need.technologies
  } OR EXISTS {
    MATCH (d)-[:ATTENDED]->(ev)<-[:ATTENDED]-(x)-[:OFFERS]->(s)
    WHERE s.id IN need.technologies
  })
RETURN need.department AS department, need.technology AS technology
