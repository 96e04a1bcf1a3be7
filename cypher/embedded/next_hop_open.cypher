// next_hop for a question with no date or trust rules (no period, no as-of day, every
// kind of evidence, any confidence): the entities one step from $ids (all of kind
// __KIND__) over links of $types, either way, without reading those properties. Persons
// are dropped by the caller; one half per direction (Ladybug has no undirected type()).
// A superseded PART_OF link ($chart_type from a $chart_unit: a department's older place,
// graph_api.domain.chart) is not followed; the link is matched again by its ends inside
// the subquery, and its parent is a bureau or department by the model's endpoints.
MATCH (owner:__KIND__)-[l]->(m)
WHERE owner.id __IN_IDS__ AND label(l) IN $types
  AND (label(l) <> $chart_type OR NOT EXISTS { MATCH (m)<-[own:PART_OF]-(owner)-[q:PART_OF]->(v)
       WHERE owner.kind = $chart_unit
         AND (coalesce(q.date, '') > coalesce(own.date, '')
              OR (coalesce(q.date, '') = coalesce(own.date, '') AND v.id > m.id)) })
RETURN DISTINCT m.id AS id
UNION
MATCH (owner:__KIND__)<-[l]-(m)
WHERE owner.id __IN_IDS__ AND label(l) IN $types
  AND (label(l) <> $chart_type OR NOT EXISTS { MATCH (owner)<-[own:PART_OF]-(m)-[q:PART_OF]->(v)
       WHERE m.kind = $chart_unit
         AND (coalesce(q.date, '') > coalesce(own.date, '')
              OR (coalesce(q.date, '') = coalesce(own.date, '') AND v.id > owner.id)) })
RETURN DISTINCT m.id AS id
