// who_met_partners for a question with no date or trust rules (no period, no as-of
// day, every kind of evidence, any confidence): the same partners without reading
// the properties of those rules on every shared attendance.
// Read in two steps, kinds told by label, counted without DISTINCT: why, in
// who_met_partners.cypher.
MATCH (p:Entity {id: $party})-[a:ATTENDED]->(e:Event)
WHERE $all_events OR e.id IN $events
WITH p, e, coalesce(e.date, a.date) AS day
MATCH (e)<-[b:ATTENDED]-(m)
WHERE m <> p AND any(label IN labels(m) WHERE label IN $kinds) AND ($role = '' OR b.role = $role)
  AND ($text1 = '' OR (m.search_text CONTAINS $text1 AND m.search_text CONTAINS $text2 AND m.search_text CONTAINS $text3 AND m.search_text CONTAINS $text4 AND m.search_text CONTAINS $text5))
WITH m, count(e) AS shared, max(day) AS last
WITH collect({partner: m.id, shared: shared, last: last}) AS found
UNWIND found AS item
WITH size(found) AS total, item
ORDER BY item.shared DESC, item.partner
LIMIT $limit
RETURN total, item.partner AS partner, item.shared AS shared, item.last AS last_met
