// For each node in $ids, its __TYPE__ links in from nodes of the kinds $kinds (with
// role $role when not '', and whose names hold every word $text1..$text5 when $text1 is
// not ''): the first $limit, newest link first, then by name and id, and how many there
// are in all. One row per owner that has any. As of $as_of (an ISO day; 9999-12-31 for
// no limit): links dated later (an undated link to an event takes the event's day),
// entities that began later, or were dissolved before $existing_on (the as-of day, ''
// for none), are left out; so are links below $min_confidence, sample data unless $with_sample, or known in ways not in
// $evidence, except the organisation chart and the technology taxonomy ($structural),
// which trust filters never drop.
// Ladybug wants SKIP or LIMIT after an ORDER BY in WITH, and slices lists from 1.
// The owners are all of one kind, named in the pattern (one read per kind): Ladybug
// finds them by primary key only when their table is named.
MATCH (owner:__TO__)<-[l:__TYPE__]-(m)
WHERE owner.id __IN_IDS__
// The other filters after a WITH: in the WHERE above they made Ladybug scan every entity
// for m and join (330 ms for an event's 15 attendees at 10^5 entities; 7 ms so).
WITH owner, l, m
WHERE m.kind IN $kinds AND ($role = '' OR l.role = $role)
  AND ($text1 = '' OR (m.search_text CONTAINS $text1 AND m.search_text CONTAINS $text2 AND m.search_text CONTAINS $text3 AND m.search_text CONTAINS $text4 AND m.search_text CONTAINS $text5))
  AND coalesce(l.date, CASE WHEN m.kind = $event_kind THEN m.date WHEN owner.kind = $event_kind
                THEN owner.date END, '') <= $as_of
  AND coalesce(m.established, m.founded, m.date, '') <= $as_of
  AND (m.dissolved IS NULL OR m.dissolved >= $existing_on)
  AND (label(l) IN $structural OR (coalesce(l.confidence, 1.0) >= $min_confidence
       AND ($with_sample OR NOT coalesce(l.sample, false))
       AND coalesce(l.evidence, $recorded) IN $evidence))
WITH owner.id AS owner_id, l, m
ORDER BY owner_id, coalesce(l.date, '') DESC, m.name_en, m.id SKIP 0
WITH owner_id, collect({link: l, node: m}) AS found
RETURN owner_id, size(found) AS total, list_slice(found, 1, $limit) AS page
