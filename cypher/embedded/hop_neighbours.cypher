// Each of $ids (all of kind __KIND__) with the entities one allowed step from it:
// a step of a hop-distance search walked back from its targets
// (hops_in_store). The rules are next_hop's, and each owner must itself count
// by $as_of (it is the entity a search from the source would enter last). Persons are
// dropped by the caller; one half per direction (Ladybug has no undirected type()), joined
// by UNION ALL: Ladybug 0.22's UNION takes two rows with one owner and different lists
// for duplicates and keeps only one.
// A superseded PART_OF link ($chart_type from a $chart_unit: a department's older place,
// graph_api.domain.chart) is not followed; the link is matched again by its ends inside
// the subquery, and its parent is a bureau or department by the model's endpoints.
MATCH (owner:__KIND__)-[l]->(m)
WHERE owner.id __IN_IDS__ AND label(l) IN $types
  AND (label(l) <> $chart_type OR NOT EXISTS { MATCH (m)<-[own:PART_OF]-(owner)-[q:PART_OF]->(v)
       WHERE owner.kind = $chart_unit AND coalesce(q.date, '') <= $as_of
         AND (coalesce(q.date, '') > coalesce(own.date, '')
              OR (coalesce(q.date, '') = coalesce(own.date, '') AND v.id > m.id)) })
  AND coalesce(owner.established, owner.founded, owner.date, '') <= $as_of
WITH owner, l, m, coalesce(l.date, CASE WHEN m.kind = $event_kind THEN m.date END) AS day
WHERE coalesce(day, '') <= $as_of AND (day IS NULL OR (day >= $period_start AND day <= $period_end))
  AND coalesce(m.established, m.founded, m.date, '') <= $as_of
  AND (label(l) IN $structural OR (coalesce(l.confidence, 1.0) >= $min_confidence
       AND ($with_sample OR NOT coalesce(l.sample, false))
       AND coalesce(l.evidence, $recorded) IN $evidence))
RETURN owner.id AS owner, collect(DISTINCT m.id) AS ids
UNION ALL
MATCH (owner:__KIND__)<-[l]-(m)
WHERE owner.id __IN_IDS__ AND label(l) IN $types
  AND (label(l) <> $chart_type OR NOT EXISTS { MATCH (owner)<-[own:PART_OF]-(m)-[q:PART_OF]->(v)
       WHERE m.kind = $chart_unit AND coalesce(q.date, '') <= $as_of
         AND (coalesce(q.date, '') > coalesce(own.date, '')
              OR (coalesce(q.date, '') = coalesce(own.date, '') AND v.id > owner.id)) })
  AND coalesce(owner.established, owner.founded, owner.date, '') <= $as_of
WITH owner, l, m, coalesce(l.date, CASE WHEN owner.kind = $event_kind THEN owner.date END) AS day
WHERE coalesce(day, '') <= $as_of AND (day IS NULL OR (day >= $period_start AND day <= $period_end))
  AND coalesce(m.established, m.founded, m.date, '') <= $as_of
  AND (label(l) IN $structural OR (coalesce(l.confidence, 1.0) >= $min_confidence
       AND ($with_sample OR NOT coalesce(l.sample, false))
       AND coalesce(l.evidence, $recorded) IN $evidence))
RETURN owner.id AS owner, collect(DISTINCT m.id) AS ids
