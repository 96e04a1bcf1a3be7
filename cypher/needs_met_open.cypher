// needs_met for a question with no date or trust rules (no period, no as-of day, every
// kind of evidence, any confidence): which of the needs $needs the department has met a
// supplier about (an event shared with, or a pilot with, an enterprise offering one of
// the technologies serving the need), without reading those rules' properties on every
// link. Each check stops at the first supplier found.
UNWIND $needs AS need
MATCH (d:Department)
WHERE d.id = need.department
  AND (EXISTS {
    MATCH (d)-[:PILOTED]->(x:Enterprise)-[:OFFERS]->(s:Technology)
    WHERE s.id IN need.technologies
  } OR EXISTS {
    MATCH (d)-[:ATTENDED]->(ev:Event)<-[:ATTENDED]-(x:Enterprise)-[:OFFERS]->(s:Technology)
    WHERE s.id IN need.technologies
  })
RETURN need.department AS department, need.technology AS technology
