// The links a collaboration-path search may follow at the entities $ids, either way:
// one row per link with the id of the neighbour, the direction seen from the owner,
// the day it counts on (its own date, or an event day of an undated link) and the
// degree of the neighbour (which side of a bidirectional search to widen). Only links of
// $types, dated in $period_start..$period_end (undated links always count), as of
// $as_of (ISO; 9999-12-31 for no limit: later links and entities that began later are
// left out), trusted ($evidence, $min_confidence); never a $person (personal data is
// not analysed). At most $limit rows: more means the search is over its budget.
// Ladybug has no undirected type(): one half per direction, each with its own LIMIT.
MATCH (owner__ENTITY__)-[l]->(m__ENTITY__)
WHERE owner.id IN $ids AND label(l) IN $types AND m.kind <> $person
WITH owner.id AS owner_id, l, m, true AS outgoing,
     coalesce(l.date, CASE WHEN m.kind = $event_kind THEN m.date END) AS day
WHERE coalesce(day, '') <= $as_of AND (day IS NULL OR (day >= $period_start AND day <= $period_end))
  AND coalesce(m.established, m.founded, m.date, '') <= $as_of
  AND coalesce(l.confidence, 1.0) >= $min_confidence
  AND coalesce(l.evidence, $recorded) IN $evidence
RETURN owner_id, m.id AS neighbour_id, label(l) AS type, outgoing, l AS link, day,
       COUNT { MATCH (m)-[]-() } AS degree
LIMIT $limit
UNION ALL
MATCH (owner__ENTITY__)<-[l]-(m__ENTITY__)
WHERE owner.id IN $ids AND label(l) IN $types AND m.kind <> $person
WITH owner.id AS owner_id, l, m, false AS outgoing,
     coalesce(l.date, CASE WHEN owner.kind = $event_kind THEN owner.date END) AS day
WHERE coalesce(day, '') <= $as_of AND (day IS NULL OR (day >= $period_start AND day <= $period_end))
  AND coalesce(m.established, m.founded, m.date, '') <= $as_of
  AND coalesce(l.confidence, 1.0) >= $min_confidence
  AND coalesce(l.evidence, $recorded) IN $evidence
RETURN owner_id, m.id AS neighbour_id, label(l) AS type, outgoing, l AS link, day,
       COUNT { MATCH (m)-[]-() } AS degree
LIMIT $limit
