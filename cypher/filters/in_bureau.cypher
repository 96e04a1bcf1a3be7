// Filter: the department is under one of the bureaux $value in the organisation chart on
// the day $on (graph_api.domain.chart; the day after every date for the chart as it
// stands): its place (its newest PART_OF link to a bureau or department dated on or before
// $on; undated links the oldest, ties to the greater parent id) is one of them, or it is
// a unit whose department's place is. Each link is matched again by its ends inside the subqueries:
// Ladybug misreads the properties of an outer link there. A department's PART_OF links
// lead to a bureau or a department only (the model's endpoints).
EXISTS { MATCH (n)-[p:PART_OF]->(x)
         WHERE coalesce(p.date, '') <= $on
           AND NOT EXISTS { MATCH (x)<-[own:PART_OF]-(n)-[q:PART_OF]->(v) WHERE coalesce(q.date, '') <= $on AND (coalesce(q.date, '') > coalesce(own.date, '') OR (coalesce(q.date, '') = coalesce(own.date, '') AND v.id > x.id)) }
           AND (x.id IN $value
                OR EXISTS { MATCH (x)-[u:PART_OF]->(b)
                            WHERE b.id IN $value AND coalesce(u.date, '') <= $on
                              AND NOT EXISTS { MATCH (b)<-[own:PART_OF]-(x)-[q:PART_OF]->(v) WHERE coalesce(q.date, '') <= $on AND (coalesce(q.date, '') > coalesce(own.date, '') OR (coalesce(q.date, '') = coalesce(own.date, '') AND v.id > b.id)) } }) }
