// For each bureau in $ids, the departments in the organisation chart under it on $as_of
// (an ISO day; 9999-12-31 for no limit): those whose place is the bureau, and units whose
// place is a department whose place is the bureau. A department's place is its newest
// PART_OF link to a bureau or department dated on or before the day (undated links are
// the oldest; of two on one day, the parent with the greater id): older ones are its
// history. Units of units are not followed. Of the kinds $kinds, whose names hold every
// word $text1..$text5 when $text1 is not ''; that began by the day and were not dissolved
// before $existing_on ('' for none). Each with its own PART_OF link (via: the department
// it leads to); nearest first, then newest link, name and id; the first $limit and how
// many in all. Trust rules never apply: the chart is reference structure. A bureau has
// tens of departments, so each owner's list is gathered whole and cut once.
UNWIND $ids AS owner_id
MATCH (owner:Entity {id: owner_id})
USING INDEX SEEK owner:Entity(id)  // a seek per id, whatever the planner's statistics say
CALL (owner) {
  MATCH (owner)<-[c:PART_OF]-{0,1}(x)<-[l:PART_OF]-(m)
  WHERE m.kind IN $kinds
    AND ($text1 = '' OR (m.search_text CONTAINS $text1 AND m.search_text CONTAINS $text2 AND m.search_text CONTAINS $text3 AND m.search_text CONTAINS $text4 AND m.search_text CONTAINS $text5))
    AND coalesce(l.date, '') <= $as_of
    AND coalesce(m.established, m.founded, m.date, '') <= $as_of
    AND (m.dissolved IS NULL OR m.dissolved >= $existing_on)
    AND NOT EXISTS { MATCH (x)<-[own:PART_OF]-(m)-[q:PART_OF]->(v)
                   WHERE v.kind IN $chart_kinds AND coalesce(q.date, '') <= $as_of
                     AND (coalesce(q.date, '') > coalesce(own.date, '')
                          OR (coalesce(q.date, '') = coalesce(own.date, '') AND v.id > x.id)) }
    AND all(r IN c WHERE coalesce(r.date, '') <= $as_of)
    AND (size(c) = 0 OR coalesce(x.established, x.founded, x.date, '') <= $as_of)
    AND NOT EXISTS { MATCH (owner)<-[own:PART_OF]-(x)-[q:PART_OF]->(v)
                   WHERE v.kind IN $chart_kinds AND coalesce(q.date, '') <= $as_of
                     AND (coalesce(q.date, '') > coalesce(own.date, '')
                          OR (coalesce(q.date, '') = coalesce(own.date, '') AND v.id > owner.id)) }
  WITH l, m, x, size(c) AS depth
  ORDER BY depth, coalesce(l.date, '') DESC, m.name_en, m.id
  RETURN collect({link: l {.*, type: type(l)}, node: properties(m), via: x.id}) AS found
}
WITH owner_id, found
WHERE size(found) > 0
RETURN owner_id, size(found) AS total, found[0..$limit] AS page
