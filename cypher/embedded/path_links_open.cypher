// path_links for a question with no date or trust rules (no period, no as-of day, every
// kind of evidence, any confidence): the same steps without evaluating those rules on
// every link. Ladybug: one half per direction, owners looked up in their own table;
// persons dropped by the caller, degrees asked apart (node_degrees.cypher).
// Owners are looked up one by one by primary key (UNWIND): `owner.id IN $ids` tests the
// whole list against every row of the table (13 s for 29,000 ids at 10^5, against 0.3 s).
UNWIND $ids AS wanted
MATCH (owner:__KIND__ {id: wanted})-[l]->(m)
WHERE label(l) IN $types
WITH owner.id AS owner_id, m.id AS neighbour, label(l) AS type, true AS outgoing
LIMIT $limit
RETURN owner_id, collect({n: neighbour, t: type, o: outgoing}) AS steps
UNION ALL
UNWIND $ids AS wanted
MATCH (owner:__KIND__ {id: wanted})<-[l]-(m)
WHERE label(l) IN $types
WITH owner.id AS owner_id, m.id AS neighbour, label(l) AS type, false AS outgoing
LIMIT $limit
RETURN owner_id, collect({n: neighbour, t: type, o: outgoing}) AS steps
