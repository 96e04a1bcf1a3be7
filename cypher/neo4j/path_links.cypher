// The links a collaboration-path search may follow at the entities $ids, either way:
// one row per link with the id of the neighbour, the direction seen from the owner,
// the day it counts on (its own date, or an event day of an undated link) and the
// degree of the neighbour (which side of a bidirectional search to widen). Only links of
// $types, dated in $period_start..$period_end (undated links always count), as of
// $as_of (ISO; 9999-12-31 for no limit: later links and entities that began later are
// left out), trusted ($evidence, $min_confidence); never a $person (personal data is
// not analysed). At most $limit rows: more means the search is over its budget.
UNWIND $ids AS owner_id
MATCH (owner:Entity {id: owner_id})-[l]-(m:Entity)
WHERE type(l) IN $types AND m.kind <> $person
WITH owner_id, owner, l, m, startNode(l) = owner AS outgoing
WITH owner_id, l, m, outgoing,
     coalesce(l.date, CASE WHEN outgoing AND m.kind = $event_kind THEN m.date
                           WHEN NOT outgoing AND owner.kind = $event_kind THEN owner.date END) AS day
WHERE coalesce(day, '') <= $as_of AND (day IS NULL OR (day >= $period_start AND day <= $period_end))
  AND coalesce(m.established, m.founded, m.date, '') <= $as_of
  AND coalesce(l.confidence, 1.0) >= $min_confidence
  AND coalesce(l.evidence, $recorded) IN $evidence
RETURN owner_id, m.id AS neighbour_id, type(l) AS type, outgoing, l AS link, day,
       COUNT { (m)--() } AS degree
LIMIT $limit
