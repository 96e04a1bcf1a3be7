// The organisation chart's rule for a nested chart list, as in chart_links_in.cypher: on
// the as-of day, each department's place is its newest PART_OF link to a bureau or
// department (undated links are the oldest; of two on one day, the greater parent id),
// both the link __LINK__ (from __LOW__ to __NODE___via) and the chain __NODE___up above
// it must be those places, and the item existed on the day. Trust rules never apply.
AND coalesce(__LINK__.date, '') <= $__P__as_of
AND coalesce(__NODE__.established, __NODE__.founded, __NODE__.date, '') <= $__P__as_of
AND (__NODE__.dissolved IS NULL OR __NODE__.dissolved >= $__P__existing_on)
AND NOT EXISTS { MATCH (__NODE___via)<-[own:PART_OF]-(__LOW__)-[q:PART_OF]->(v)
               WHERE v.kind IN $chart_kinds AND coalesce(q.date, '') <= $__P__as_of
                 AND (coalesce(q.date, '') > coalesce(own.date, '')
                      OR (coalesce(q.date, '') = coalesce(own.date, '') AND v.id > __NODE___via.id)) }
AND all(r IN __NODE___up WHERE coalesce(r.date, '') <= $__P__as_of)
AND (size(__NODE___up) = 0
     OR coalesce(__NODE___via.established, __NODE___via.founded, __NODE___via.date, '') <= $__P__as_of)
AND NOT EXISTS { MATCH (__TOP__)<-[own:PART_OF]-(__NODE___via)-[q:PART_OF]->(v)
               WHERE v.kind IN $chart_kinds AND coalesce(q.date, '') <= $__P__as_of
                 AND (coalesce(q.date, '') > coalesce(own.date, '')
                      OR (coalesce(q.date, '') = coalesce(own.date, '') AND v.id > __TOP__.id)) }
