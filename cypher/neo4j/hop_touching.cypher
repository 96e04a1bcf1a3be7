// Which of $ids are one allowed step from an entity in $level: a hop-distance search
// walked back from its targets asks this instead of widening a level that holds most of
// the graph. The rules are next_hop's; each owner must itself count by $as_of. Neo4j
// stops at an owner's first such link. The far end has no label on purpose: every linked
// node is an Entity, and a label would let the planner look $level up in the index for
// each owner (a scan of it, for a long $level) instead of walking the owner's own links.
// A superseded PART_OF link ($chart_type from a $chart_unit: a department's older place,
// graph_api.domain.chart) is not followed; the link is matched again by its ends inside
// the subquery, and its parent is a bureau or department by the model's endpoints.
UNWIND $ids AS owner_id
MATCH (owner:Entity {id: owner_id})
USING INDEX SEEK owner:Entity(id)  // a seek per id, whatever the planner's statistics say
WHERE coalesce(owner.established, owner.founded, owner.date, '') <= $as_of
  AND EXISTS {
    MATCH (owner)-[l]-(m)
    WHERE type(l) IN $types AND m.id IN $level
    AND (type(l) <> $chart_type OR NOT EXISTS { MATCH (m)<-[own:PART_OF]-(owner)-[q:PART_OF]->(v)
         WHERE owner.kind = $chart_unit AND coalesce(q.date, '') <= $as_of
           AND (coalesce(q.date, '') > coalesce(own.date, '')
                OR (coalesce(q.date, '') = coalesce(own.date, '') AND v.id > m.id)) })
    AND (type(l) <> $chart_type OR NOT EXISTS { MATCH (owner)<-[own:PART_OF]-(m)-[q:PART_OF]->(v)
         WHERE m.kind = $chart_unit AND coalesce(q.date, '') <= $as_of
           AND (coalesce(q.date, '') > coalesce(own.date, '')
                OR (coalesce(q.date, '') = coalesce(own.date, '') AND v.id > owner.id)) })
    WITH l, coalesce(l.date, CASE WHEN endNode(l).kind = $event_kind THEN endNode(l).date END) AS day
    WHERE coalesce(day, '') <= $as_of AND (day IS NULL OR (day >= $period_start AND day <= $period_end))
      AND (type(l) IN $structural OR (coalesce(l.confidence, 1.0) >= $min_confidence
           AND ($with_sample OR NOT coalesce(l.sample, false))
           AND coalesce(l.evidence, $recorded) IN $evidence))
  }
RETURN owner.id AS id
