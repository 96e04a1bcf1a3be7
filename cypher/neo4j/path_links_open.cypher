// path_links for a question with no date or trust rules (no period, no as-of day, every
// kind of evidence, any confidence): the same steps without evaluating those rules on
// every link, which is most of the server's time on a large frontier.
UNWIND $ids AS owner_id
MATCH (owner:Entity {id: owner_id})-[l]-(m:Entity)
USING INDEX SEEK owner:Entity(id)  // a seek per id, whatever the planner's statistics say
WHERE type(l) IN $types AND NOT m:Person
WITH owner_id, m.id AS neighbour, type(l) AS type, startNode(l) = owner AS outgoing,
     COUNT { (m)--() } AS degree
LIMIT $limit
RETURN owner_id, collect({n: neighbour, t: type, o: outgoing, d: degree}) AS steps
