// who_met_partners for a question with no date or trust rules (no period, no as-of
// day, every kind of evidence, any confidence): the same partners without reading
// the properties of those rules on every shared attendance.
// Read in two steps: each event's day once before its attendees (not once per
// attendee), partners grouped as nodes with their ids read once each, and the kind
// told by the node's labels, which are stored with it, not by its kind property (a
// property read per attendance). A label in the pattern let the planner scan the label
// and join on small graphs. At 10^5 entities the busiest department's 350,000 shared
// attendances took 1.7 s, now 0.6 s. count(e) needs no DISTINCT: there is one ATTENDED
// link per (party, event) pair.
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
