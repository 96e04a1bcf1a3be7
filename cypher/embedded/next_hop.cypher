// The entities one step from the entities $ids (all of kind __KIND__) over links of
// $types, either way: the next level of a breadth-first search for hop distances (ids
// only). Only links dated in $period_start..$period_end (undated links always count; an
// undated link to an event counts on its day), as of $as_of (later links and entities
// that began later are left out), trusted ($evidence, $min_confidence, $with_sample; the org chart and taxonomy, $structural, always are). Persons are
// dropped by the caller (an id test); Ladybug has no undirected type(): one half per
// direction, and it finds the owners by primary key only when their table is named.
// A superseded PART_OF link ($chart_type from a $chart_unit: a department's older place,
// graph_api.domain.chart) is not followed; the link is matched again by its ends inside
// the subquery, and its parent is a bureau or department by the model's endpoints.
MATCH (owner:__KIND__)-[l]->(m)
WHERE owner.id __IN_IDS__ AND label(l) IN $types
  AND (label(l) <> $chart_type OR NOT EXISTS { MATCH (m)<-[own:PART_OF]-(owner)-[q:PART_OF]->(v)
       WHERE owner.kind = $chart_unit AND coalesce(q.date, '') <= $as_of
         AND (coalesce(q.date, '') > coalesce(own.date, '')
              OR (coalesce(q.date, '') = coalesce(own.date, '') AND v.id > m.id)) })
WITH l, m, coalesce(l.date, CASE WHEN m.kind = $event_kind THEN m.date END) AS day
WHERE coalesce(day, '') <= $as_of AND (day IS NULL OR (day >= $period_start AND day <= $period_end))
  AND coalesce(m.established, m.founded, m.date, '') <= $as_of
  AND (label(l) IN $structural OR (coalesce(l.confidence, 1.0) >= $min_confidence
       AND ($with_sample OR NOT coalesce(l.sample, false))
       AND coalesce(l.evidence, $recorded) IN $evidence))
RETURN DISTINCT m.id AS id
UNION
MATCH (owner:__KIND__)<-[l]-(m)
WHERE owner.id __IN_IDS__ AND label(l) IN $types
  AND (label(l) <> $chart_type OR NOT EXISTS { MATCH (owner)<-[own:PART_OF]-(m)-[q:PART_OF]->(v)
       WHERE m.kind = $chart_unit AND coalesce(q.date, '') <= $as_of
         AND (coalesce(q.date, '') > coalesce(own.date, '')
              OR (coalesce(q.date, '') = coalesce(own.date, '') AND v.id > owner.id)) })
WITH l, m, coalesce(l.date, CASE WHEN owner.kind = $event_kind THEN owner.date END) AS day
WHERE coalesce(day, '') <= $as_of AND (day IS NULL OR (day >= $period_start AND day <= $period_end))
  AND coalesce(m.established, m.founded, m.date, '') <= $as_of
  AND (label(l) IN $structural OR (coalesce(l.confidence, 1.0) >= $min_confidence
       AND ($with_sample OR NOT coalesce(l.sample, false))
       AND coalesce(l.evidence, $recorded) IN $evidence))
RETURN DISTINCT m.id AS id
