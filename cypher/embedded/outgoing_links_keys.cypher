// outgoing_links in two steps, the first: for each node in $ids, the ids of the first $limit
// entities its __TYPE__ links lead to and the total, chosen, filtered and ordered exactly
// as outgoing_links.cypher does (its header says how); the page's entities and links are
// then read by key (EmbeddedStore.read, for small pages). Ladybug sorted a hub's
// links whole, with every property of 12,661 links and events, to keep five: 130 ms at
// 10^5 entities, against 40 ms for their ids and a few ms for the five by key.
MATCH (owner:__FROM__)-[l:__TYPE__]->(m)
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
WITH owner_id, collect(m.id) AS found
RETURN owner_id, size(found) AS total, list_slice(found, 1, $limit) AS page,
       true AS outgoing
