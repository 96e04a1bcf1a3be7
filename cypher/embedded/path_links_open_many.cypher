// path_links for a question with no date or trust rules (no period, no as-of day, every
// kind of evidence, any confidence): the same steps without evaluating those rules on
// every link. Ladybug: one half per direction, owners looked up in their own table;
// persons dropped by the caller, degrees asked apart (node_degrees.cypher).
// The embedded store's wording for many $ids (EmbeddedStore.read picks it past
// KEY_LOOKUP_FROM ids): each looked up by key after UNWIND, a fixed cost of about
// 15 ms at 10^4 entities and 200 ms at 10^5, where `IN $ids` tests the whole list
// against every row (13 s for 29,000 ids at 10^5).
// A superseded PART_OF link ($chart_type from a $chart_unit: a department's older place,
// graph_api.domain.chart) is not followed; the link is matched again by its ends inside
// the subquery, and its parent is a bureau or department by the model's endpoints.
UNWIND $ids AS wanted
MATCH (owner:__KIND__ {id: wanted})-[l]->(m)
WHERE label(l) IN $types
  AND (label(l) <> $chart_type OR NOT EXISTS { MATCH (m)<-[own:PART_OF]-(owner)-[q:PART_OF]->(v)
       WHERE owner.kind = $chart_unit
         AND (coalesce(q.date, '') > coalesce(own.date, '')
              OR (coalesce(q.date, '') = coalesce(own.date, '') AND v.id > m.id)) })
WITH owner.id AS owner_id, m.id AS neighbour, label(l) AS type, true AS outgoing
LIMIT $limit
RETURN owner_id, collect(neighbour) AS ns, collect(type) AS ts, collect(outgoing) AS os
UNION ALL
UNWIND $ids AS wanted
MATCH (owner:__KIND__ {id: wanted})<-[l]-(m)
WHERE label(l) IN $types
  AND (label(l) <> $chart_type OR NOT EXISTS { MATCH (owner)<-[own:PART_OF]-(m)-[q:PART_OF]->(v)
       WHERE m.kind = $chart_unit
         AND (coalesce(q.date, '') > coalesce(own.date, '')
              OR (coalesce(q.date, '') = coalesce(own.date, '') AND v.id > owner.id)) })
WITH owner.id AS owner_id, m.id AS neighbour, label(l) AS type, false AS outgoing
LIMIT $limit
RETURN owner_id, collect(neighbour) AS ns, collect(type) AS ts, collect(outgoing) AS os
