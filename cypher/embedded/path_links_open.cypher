// path_links for a question with no date or trust rules (no period, no as-of day, every
// kind of evidence, any confidence): the same steps without evaluating those rules on
// every link. Ladybug: one half per direction, owners looked up in their own table;
// persons dropped by the caller, degrees asked apart (node_degrees.cypher).
// A superseded PART_OF link ($chart_type from a $chart_unit: a department's older place,
// graph_api.domain.chart) is not followed; the link is matched again by its ends inside
// the subquery, and its parent is a bureau or department by the model's endpoints.
MATCH (owner:__KIND__)-[l]->(m)
WHERE owner.id __IN_IDS__ AND label(l) IN $types
  AND (label(l) <> $chart_type OR NOT EXISTS { MATCH (m)<-[own:PART_OF]-(owner)-[q:PART_OF]->(v)
       WHERE owner.kind = $chart_unit
         AND (coalesce(q.date, '') > coalesce(own.date, '')
              OR (coalesce(q.date, '') = coalesce(own.date, '') AND v.id > m.id)) })
WITH owner.id AS owner_id, m.id AS neighbour, label(l) AS type, true AS outgoing
LIMIT $limit
RETURN owner_id, collect(neighbour) AS ns, collect(type) AS ts, collect(outgoing) AS os
UNION ALL
MATCH (owner:__KIND__)<-[l]-(m)
WHERE owner.id __IN_IDS__ AND label(l) IN $types
  AND (label(l) <> $chart_type OR NOT EXISTS { MATCH (owner)<-[own:PART_OF]-(m)-[q:PART_OF]->(v)
       WHERE m.kind = $chart_unit
         AND (coalesce(q.date, '') > coalesce(own.date, '')
              OR (coalesce(q.date, '') = coalesce(own.date, '') AND v.id > owner.id)) })
WITH owner.id AS owner_id, m.id AS neighbour, label(l) AS type, false AS outgoing
LIMIT $limit
RETURN owner_id, collect(neighbour) AS ns, collect(type) AS ts, collect(outgoing) AS os
