// who_met_partners for a question with no date or trust rules (no period, no as-of
// day, every kind of evidence, any confidence): the same partners without reading
// the properties of those rules on every shared attendance.
MATCH (p__ENTITY__)-[a:ATTENDED]->(e:Event)<-[b:ATTENDED]-(m__ENTITY__)
WHERE p.id = $party AND m.id <> $party AND m.kind IN $kinds
  AND ($all_events OR e.id IN $events) AND ($role = '' OR b.role = $role)
  AND ($text1 = '' OR (m.search_text CONTAINS $text1 AND m.search_text CONTAINS $text2 AND m.search_text CONTAINS $text3 AND m.search_text CONTAINS $text4 AND m.search_text CONTAINS $text5))
WITH m.id AS partner, count(DISTINCT e) AS shared, max(coalesce(e.date, a.date)) AS last
WITH collect({partner: partner, shared: shared, last: last}) AS found
UNWIND found AS item
WITH size(found) AS total, item
ORDER BY item.shared DESC, item.partner
LIMIT $limit
RETURN total, item.partner AS partner, item.shared AS shared, item.last AS last_met
