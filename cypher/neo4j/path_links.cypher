// The links a collaboration-path search may follow at the entities $ids, either way:
// per owner, parallel lists: ns (ids of the neighbours), ts (types), os (outgoing from
// the owner), ds (degrees of the neighbours: which side of a bidirectional search to
// widen). Lists of plain values, not a row or a map per link: decoding 10^5 rows costs
// the driver seconds, and 56,000 maps at a hub cost the API 0.3 s to turn into steps.
// Only links of $types, dated in $period_start..$period_end (undated links always
// count; an undated link to an event counts on its day), as of $as_of (ISO; 9999-12-31
// for no limit: later links and entities that began later are left out), trusted
// ($evidence, $min_confidence; the org chart and taxonomy, $structural, always are);
// never a $person (personal data is not analysed). At most $limit links in all: more
// means the search is over its budget.
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
WITH owner_id, owner, l, m, startNode(l) = owner AS outgoing
WITH owner_id, l, m, outgoing,
     coalesce(l.date, CASE WHEN outgoing AND m.kind = $event_kind THEN m.date
                           WHEN NOT outgoing AND owner.kind = $event_kind THEN owner.date END) AS day
WHERE coalesce(day, '') <= $as_of AND (day IS NULL OR (day >= $period_start AND day <= $period_end))
  AND coalesce(m.established, m.founded, m.date, '') <= $as_of
  AND (type(l) IN $structural OR (coalesce(l.confidence, 1.0) >= $min_confidence
       AND ($with_sample OR NOT coalesce(l.sample, false))
       AND coalesce(l.evidence, $recorded) IN $evidence))
WITH owner_id, m.id AS neighbour, type(l) AS type, outgoing, COUNT { (m)--() } AS degree
LIMIT $limit
RETURN owner_id, collect(neighbour) AS ns, collect(type) AS ts, collect(outgoing) AS os,
       collect(degree) AS ds
