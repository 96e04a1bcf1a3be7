// Raw twin of neighbourhood.graphql, as the API answers it for this department: its first
// hop alone holds more than 100 entities, so the walk keeps the first 99 neighbours by id
// (the centre is the 100th) and every link among them and the centre, and goes no further.
// The API leaves persons out; generated graphs hold none, so this reads no pattern for them.
MATCH (c:Entity {id: $department})
CALL (c) {
  MATCH (c)--(n:Entity)
  RETURN DISTINCT n ORDER BY n.id LIMIT 99
}
WITH c, collect(n) AS near
CALL (c, near) {
  UNWIND near AS a
  MATCH (a)-[l]-(b:Entity)
  WHERE b = c OR b IN near
  RETURN collect(DISTINCT l) AS links
}
UNWIND [c] + near AS node
RETURN node.id AS id, size(links) AS links
