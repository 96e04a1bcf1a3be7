// path_links for a question with no date or trust rules (no period, no as-of day, every
// kind of evidence, any confidence): the same steps without evaluating those rules on
// every link, which is most of the server's time on a large frontier.
// A superseded PART_OF link ($chart_type from a $chart_unit: a department's older place,
// graph_api.domain.chart) is not followed; the link is matched again by its ends inside
// the subquery, and its parent is a bureau or department by the model's endpoints.
UNWIND $ids AS owner_id
MATCH (owner:Entity {id: owner_id})-[l]-(m:Entity)
USING INDEX SEEK owner:Entity(id)  // a seek per id, whatever the planner's statistics say
WHERE type(l) IN $types AND NOT m:Person
  AND (type(l) <> $chart_type OR NOT EXISTS { MATCH (m)<-[own:PART_OF]-(owner)-[q:PART_OF]->(v)
       WHERE owner.kind = $chart_unit
         AND (coalesce(q.date, '') > coalesce(own.date, '')
              OR (coalesce(q.date, '') = coalesce(own.date, '') AND v.id > m.id)) })
  AND (type(l) <> $chart_type OR NOT EXISTS { MATCH (owner)<-[own:PART_OF]-(m)-[q:PART_OF]->(v)
       WHERE m.kind = $chart_unit
         AND (coalesce(q.date, '') > coalesce(own.date, '')
              OR (coalesce(q.date, '') = coalesce(own.date, '') AND v.id > owner.id)) })
WITH owner_id, m.id AS neighbour, type(l) AS type, startNode(l) = owner AS outgoing,
     COUNT { (m)--() } AS degree
LIMIT $limit
RETURN owner_id, collect(neighbour) AS ns, collect(type) AS ts, collect(outgoing) AS os,
       collect(degree) AS ds
