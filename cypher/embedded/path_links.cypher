// The links a collaboration-path search may follow at the entities $ids (all of kind
// __KIND__), either way: per owner and direction, parallel lists ns (ids of the
// neighbours), ts (types), os (outgoing from the owner). Only links of $types, dated in
// $period_start..$period_end (undated links always count; an undated link to an event
// counts on its day), as of $as_of (ISO; 9999-12-31 for no limit: later links and
// entities that began later are left out), trusted ($evidence, $min_confidence, $with_sample; the org chart and taxonomy, $structural, always are). At
// most $limit links per direction: more means the search is over its budget. Persons
// are dropped by the caller (an id test, cheaper than reading every neighbour's kind).
// Ladybug has no undirected type(): one half per direction; it finds the owners by
// primary key only when their table is named, and computes a neighbour's degree far
// faster on its own (node_degrees.cypher) than in a subquery here.
// A superseded PART_OF link ($chart_type from a $chart_unit: a department's older place,
// graph_api.domain.chart) is not followed; the link is matched again by its ends inside
// the subquery, and its parent is a bureau or department by the model's endpoints.
MATCH (owner:__KIND__)-[l]->(m)
WHERE owner.id __IN_IDS__ AND label(l) IN $types
  AND (label(l) <> $chart_type OR NOT EXISTS { MATCH (m)<-[own:PART_OF]-(owner)-[q:PART_OF]->(v)
       WHERE owner.kind = $chart_unit AND coalesce(q.date, '') <= $as_of
         AND (coalesce(q.date, '') > coalesce(own.date, '')
              OR (coalesce(q.date, '') = coalesce(own.date, '') AND v.id > m.id)) })
WITH owner.id AS owner_id, l, m, true AS outgoing,
     coalesce(l.date, CASE WHEN m.kind = $event_kind THEN m.date END) AS day
WHERE coalesce(day, '') <= $as_of AND (day IS NULL OR (day >= $period_start AND day <= $period_end))
  AND coalesce(m.established, m.founded, m.date, '') <= $as_of
  AND (label(l) IN $structural OR (coalesce(l.confidence, 1.0) >= $min_confidence
       AND ($with_sample OR NOT coalesce(l.sample, false))
       AND coalesce(l.evidence, $recorded) IN $evidence))
WITH owner_id, m.id AS neighbour, label(l) AS type, outgoing
LIMIT $limit
RETURN owner_id, collect(neighbour) AS ns, collect(type) AS ts, collect(outgoing) AS os
UNION ALL
MATCH (owner:__KIND__)<-[l]-(m)
WHERE owner.id __IN_IDS__ AND label(l) IN $types
  AND (label(l) <> $chart_type OR NOT EXISTS { MATCH (owner)<-[own:PART_OF]-(m)-[q:PART_OF]->(v)
       WHERE m.kind = $chart_unit AND coalesce(q.date, '') <= $as_of
         AND (coalesce(q.date, '') > coalesce(own.date, '')
              OR (coalesce(q.date, '') = coalesce(own.date, '') AND v.id > owner.id)) })
WITH owner.id AS owner_id, l, m, false AS outgoing,
     coalesce(l.date, CASE WHEN owner.kind = $event_kind THEN owner.date END) AS day
WHERE coalesce(day, '') <= $as_of AND (day IS NULL OR (day >= $period_start AND day <= $period_end))
  AND coalesce(m.established, m.founded, m.date, '') <= $as_of
  AND (label(l) IN $structural OR (coalesce(l.confidence, 1.0) >= $min_confidence
       AND ($with_sample OR NOT coalesce(l.sample, false))
       AND coalesce(l.evidence, $recorded) IN $evidence))
WITH owner_id, m.id AS neighbour, label(l) AS type, outgoing
LIMIT $limit
RETURN owner_id, collect(neighbour) AS ns, collect(type) AS ts, collect(outgoing) AS os
