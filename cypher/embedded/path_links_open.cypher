// path_links for a question with no date or trust rules (no period, no as-of day, every
// kind of evidence, any confidence): the same steps without evaluating those rules on
// every link. Ladybug: one half per direction, owners looked up in their own table;
// persons dropped by the caller, degrees asked apart (node_degrees.cypher).
MATCH (owner:__KIND__)-[l]->(m)
WHERE owner.id IN $ids AND label(l) IN $types
WITH owner.id AS owner_id, m.id AS neighbour, label(l) AS type, true AS outgoing
LIMIT $limit
RETURN owner_id, collect({n: neighbour, t: type, o: outgoing}) AS steps
UNION ALL
MATCH (owner:__KIND__)<-[l]-(m)
WHERE owner.id IN $ids AND label(l) IN $types
WITH owner.id AS owner_id, m.id AS neighbour, label(l) AS type, false AS outgoing
LIMIT $limit
RETURN owner_id, collect({n: neighbour, t: type, o: outgoing}) AS steps
