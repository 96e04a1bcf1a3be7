// Each of $ids with the entities one allowed step from it: a step of
// a hop-distance search walked back from its targets (hops_in_store). The rules
// are next_hop's, and each owner must itself count by $as_of (it is the entity a search
// from the source would enter last); never a $person.
// A superseded PART_OF link ($chart_type from a $chart_unit: a department's older place,
// graph_api.domain.chart) is not followed; the link is matched again by its ends inside
// the subquery, and its parent is a bureau or department by the model's endpoints.
UNWIND $ids AS owner_id
MATCH (owner:Entity {id: owner_id})-[l]-(m:Entity)
USING INDEX SEEK owner:Entity(id)  // a seek per id, whatever the planner's statistics say
WHERE type(l) IN $types AND NOT m:Person
  AND (type(l) <> $chart_type OR NOT EXISTS { MATCH (m)<-[own:PART_OF]-(owner)-[q:PART_OF]->(v)
       WHERE owner.kind = $chart_unit AND coalesce(q.date, '') <= $as_of
         AND (coalesce(q.date, '') > coalesce(own.date, '')
              OR (coalesce(q.date, '') = coalesce(own.date, '') AND v.id > m.id)) })
  AND (type(l) <> $chart_type OR NOT EXISTS { MATCH (owner)<-[own:PART_OF]-(m)-[q:PART_OF]->(v)
       WHERE m.kind = $chart_unit AND coalesce(q.date, '') <= $as_of
         AND (coalesce(q.date, '') > coalesce(own.date, '')
              OR (coalesce(q.date, '') = coalesce(own.date, '') AND v.id > owner.id)) })
  AND coalesce(owner.established, owner.founded, owner.date, '') <= $as_of
// An undated link to an event counts on the event's day, whichever way it is walked.
WITH owner, l, m, coalesce(l.date, CASE WHEN endNode(l).kind = $event_kind THEN endNode(l).date END) AS day
WHERE coalesce(day, '') <= $as_of AND (day IS NULL OR (day >= $period_start AND day <= $period_end))
  AND coalesce(m.established, m.founded, m.date, '') <= $as_of
  AND (type(l) IN $structural OR (coalesce(l.confidence, 1.0) >= $min_confidence
       AND ($with_sample OR NOT coalesce(l.sample, false))
       AND coalesce(l.evidence, $recorded) IN $evidence))
RETURN owner.id AS owner, collect(DISTINCT m.id) AS ids
