// For each department in $ids, the bureau it is under in the organisation chart on
// $as_of (an ISO day; 9999-12-31 for no limit): its place, or its place's place when its
// place is a department (a unit). A department's place is its newest PART_OF link to a
// bureau or department dated on or before the day (undated links are the oldest; of two
// on one day, the parent with the greater id): older ones are its history. Units of units
// are not followed. Of the kinds $kinds, whose names hold every word $text1..$text5 when
// $text1 is not ''; that began by the day and were not dissolved before $existing_on (''
// for none). With the department's own PART_OF link (via: the parent it leads to); the
// first $limit and how many in all (one, or none). Trust rules never apply.
UNWIND $ids AS owner_id
MATCH (owner:Entity {id: owner_id})
USING INDEX SEEK owner:Entity(id)  // a seek per id, whatever the planner's statistics say
CALL (owner) {
  MATCH (owner)-[l:PART_OF]->(x)-[c:PART_OF]->{0,1}(m)
  WHERE m.kind IN $kinds
    AND ($text1 = '' OR (m.search_text CONTAINS $text1 AND m.search_text CONTAINS $text2 AND m.search_text CONTAINS $text3 AND m.search_text CONTAINS $text4 AND m.search_text CONTAINS $text5))
    AND coalesce(l.date, '') <= $as_of
    AND coalesce(m.established, m.founded, m.date, '') <= $as_of
    AND (m.dissolved IS NULL OR m.dissolved >= $existing_on)
    AND NOT EXISTS { MATCH (x)<-[own:PART_OF]-(owner)-[q:PART_OF]->(v)
                   WHERE v.kind IN $chart_kinds AND coalesce(q.date, '') <= $as_of
                     AND (coalesce(q.date, '') > coalesce(own.date, '')
                          OR (coalesce(q.date, '') = coalesce(own.date, '') AND v.id > x.id)) }
    AND all(r IN c WHERE coalesce(r.date, '') <= $as_of)
    AND (size(c) = 0 OR coalesce(x.established, x.founded, x.date, '') <= $as_of)
    AND NOT EXISTS { MATCH (m)<-[own:PART_OF]-(x)-[q:PART_OF]->(v)
                   WHERE v.kind IN $chart_kinds AND coalesce(q.date, '') <= $as_of
                     AND (coalesce(q.date, '') > coalesce(own.date, '')
                          OR (coalesce(q.date, '') = coalesce(own.date, '') AND v.id > m.id)) }
  WITH l, m, x, size(c) AS depth
  ORDER BY depth, coalesce(l.date, '') DESC, m.name_en, m.id
  RETURN collect({link: l {.*, type: type(l)}, node: properties(m), via: x.id}) AS found
}
WITH owner_id, found
WHERE size(found) > 0
RETURN owner_id, size(found) AS total, found[0..$limit] AS page
