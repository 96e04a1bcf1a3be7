// Raw twin of unmet_needs.graphql: needs whose department met no enterprise offering the
// technology or a narrower one, at an event or in a pilot (no as-of or trust rules).
MATCH (d:Department)-[:NEEDS]->(t:Technology)
WHERE NOT EXISTS { MATCH (d)-[:ATTENDED]->(:Event)<-[:ATTENDED]-(:Enterprise)-[:OFFERS]->(:Technology)-[:PART_OF*0..]->(t) }
  AND NOT EXISTS { MATCH (d)-[:PILOTED]->(:Enterprise)-[:OFFERS]->(:Technology)-[:PART_OF*0..]->(t) }
WITH d, t, COUNT { MATCH (e:Enterprise)-[:OFFERS]->(:Technology)-[:PART_OF*0..]->(t) RETURN DISTINCT e } AS suppliers
RETURN d.id AS department, t.id AS technology, suppliers
ORDER BY suppliers = 0, department, technology
LIMIT 20
