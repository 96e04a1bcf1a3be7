// For each node in $ids, its __TYPE__ links out to nodes of the kinds $kinds (with role
// $role when not '', and whose names hold every word $text1..$text5 when $text1 is not
// ''): the first $limit, newest link first, then by name and id, and how many there are
// in all. One row per owner that has any. As of $as_of (an ISO day; 9999-12-31 for no
// limit): links dated later (an undated link to an event takes the event's day),
// entities that began later, or were dissolved before $existing_on (the as-of day, ''
// for none), are left out; so are links below $min_confidence, sample data unless $with_sample, or known in ways not in
// $evidence, except the organisation chart and the technology taxonomy ($structural),
// which trust filters never drop. Per owner, the page is cut inside its own subquery (a
// top-k, never a sort of every link to keep a few) and the total is counted apart.
UNWIND $ids AS owner_id
MATCH (owner:Entity {id: owner_id})
USING INDEX SEEK owner:Entity(id)  // a seek per id, whatever the planner's statistics say
CALL (owner) {
  MATCH (owner)-[l:__TYPE__]->(m)
  WHERE m.kind IN $kinds AND ($role = '' OR l.role = $role)
    AND ($text1 = '' OR (m.search_text CONTAINS $text1 AND m.search_text CONTAINS $text2 AND m.search_text CONTAINS $text3 AND m.search_text CONTAINS $text4 AND m.search_text CONTAINS $text5))
    AND coalesce(l.date, CASE WHEN m.kind = $event_kind THEN m.date WHEN owner.kind = $event_kind
                  THEN owner.date END, '') <= $as_of
    AND coalesce(m.established, m.founded, m.date, '') <= $as_of
    AND (m.dissolved IS NULL OR m.dissolved >= $existing_on)
    AND (type(l) IN $structural OR (coalesce(l.confidence, 1.0) >= $min_confidence
         AND ($with_sample OR NOT coalesce(l.sample, false))
         AND coalesce(l.evidence, $recorded) IN $evidence))
  WITH l, m
  ORDER BY coalesce(l.date, '') DESC, m.name_en, m.id
  LIMIT $limit
  RETURN collect({link: l {.*, type: type(l)}, node: properties(m)}) AS page
}
CALL (owner) {
  MATCH (owner)-[l:__TYPE__]->(m)
  WHERE m.kind IN $kinds AND ($role = '' OR l.role = $role)
    AND ($text1 = '' OR (m.search_text CONTAINS $text1 AND m.search_text CONTAINS $text2 AND m.search_text CONTAINS $text3 AND m.search_text CONTAINS $text4 AND m.search_text CONTAINS $text5))
    AND coalesce(l.date, CASE WHEN m.kind = $event_kind THEN m.date WHEN owner.kind = $event_kind
                  THEN owner.date END, '') <= $as_of
    AND coalesce(m.established, m.founded, m.date, '') <= $as_of
    AND (m.dissolved IS NULL OR m.dissolved >= $existing_on)
    AND (type(l) IN $structural OR (coalesce(l.confidence, 1.0) >= $min_confidence
         AND ($with_sample OR NOT coalesce(l.sample, false))
         AND coalesce(l.evidence, $recorded) IN $evidence))
  RETURN count(*) AS total
}
WITH owner_id, total, page
WHERE total > 0
RETURN owner_id, total, page
