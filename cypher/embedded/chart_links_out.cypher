// For each department in $ids, the bureau it is under in the organisation chart on
// $as_of (an ISO day; 9999-12-31 for no limit): its place, or its place's place when its
// place is a department (a unit). A department's place is its newest PART_OF link to a
// bureau or department dated on or before the day (undated links are the oldest; of two
// on one day, the parent with the greater id): older ones are its history. Units of units
// are not followed. Of the kinds $kinds, whose names hold every word $text1..$text5 when
// $text1 is not ''; that began by the day and were not dissolved before $existing_on (''
// for none). With the department's own PART_OF link (via: the parent it leads to); the
// first $limit and how many in all (one, or none). Trust rules never apply.
// Ladybug wants SKIP or LIMIT after an ORDER BY in WITH, and slices lists from 1.
// The place and the place's place are two fixed hops (OPTIONAL MATCH, then one row per
// depth), not a variable-length match: Ladybug took 45 ms for one department that way
// at 10^4, 8 ms like this. Whether the place existed by the day is tested after the
// OPTIONAL MATCH: beside its NOT EXISTS, Ladybug misread that test and lost units.
// The owners are all of one kind, named in the pattern (one read per kind): Ladybug
// finds them by primary key only when their table is named.
MATCH (owner:__FROM__)-[l:PART_OF]->(x)
WHERE owner.id __IN_IDS__ AND coalesce(l.date, '') <= $as_of
  AND NOT EXISTS { MATCH (x)<-[own:PART_OF]-(owner)-[q:PART_OF]->(v)
                 WHERE v.kind IN $chart_kinds AND coalesce(q.date, '') <= $as_of
                   AND (coalesce(q.date, '') > coalesce(own.date, '')
                        OR (coalesce(q.date, '') = coalesce(own.date, '') AND v.id > x.id)) }
OPTIONAL MATCH (x)-[u:PART_OF]->(y)
WHERE coalesce(u.date, '') <= $as_of
  AND NOT EXISTS { MATCH (y)<-[own:PART_OF]-(x)-[q:PART_OF]->(v)
                 WHERE v.kind IN $chart_kinds AND coalesce(q.date, '') <= $as_of
                   AND (coalesce(q.date, '') > coalesce(own.date, '')
                        OR (coalesce(q.date, '') = coalesce(own.date, '') AND v.id > y.id)) }
WITH owner, l, x, y, coalesce(x.established, x.founded, x.date, '') AS x_began
UNWIND [0, 1] AS depth
WITH owner.id AS owner_id, depth, l, x.id AS via, x_began, CASE WHEN depth = 0 THEN x ELSE y END AS m
WHERE m IS NOT NULL AND m.kind IN $kinds AND (depth = 0 OR x_began <= $as_of)
  AND ($text1 = '' OR (m.search_text CONTAINS $text1 AND m.search_text CONTAINS $text2 AND m.search_text CONTAINS $text3 AND m.search_text CONTAINS $text4 AND m.search_text CONTAINS $text5))
  AND coalesce(m.established, m.founded, m.date, '') <= $as_of
  AND (m.dissolved IS NULL OR m.dissolved >= $existing_on)
WITH owner_id, depth, l, m, via
ORDER BY owner_id, depth, coalesce(l.date, '') DESC, m.name_en, m.id SKIP 0
WITH owner_id, collect({link: l, node: m, via: via}) AS found
RETURN owner_id, size(found) AS total, list_slice(found, 1, $limit) AS page
