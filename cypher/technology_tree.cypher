// The technology taxonomy as it stood on $as_of: every technology that existed by then,
// with the broader technologies it is PART_OF (an empty list for a root). Needs are met
// by offers of the same technology or a narrower one. Trust rules do not apply: the
// taxonomy is reference structure (STRUCTURAL_TYPES).
MATCH (t:Technology)
WHERE coalesce(t.established, t.founded, t.date, '') <= $as_of
OPTIONAL MATCH (t)-[p:PART_OF]->(u:Technology)
WHERE coalesce(u.established, u.founded, u.date, '') <= $as_of
  AND coalesce(p.date, '') <= $as_of
RETURN t.id AS technology, collect(u.id) AS broader
ORDER BY technology
