// For each party in $ids, the parties of kind __KIND__ that attended an event with it:
// the first $limit (latest shared event first, then by name and id), each with the
// number of shared events and the latest one's date, and how many in all. As of $as_of
// (an ISO day; 9999-12-31 for no limit): later events and parties do not count, nor
// attendances below $min_confidence or known in ways not in $evidence; only parties whose
// names hold every word $text1..$text5 when $text1 is not ''.
MATCH (owner:Entity)-[a:ATTENDED]->(e:Event)<-[b:ATTENDED]-(m:__KIND__)
WHERE owner.id IN $ids AND m.id <> owner.id
  AND coalesce(e.date, '') <= $as_of AND coalesce(m.established, m.founded, '') <= $as_of
  AND coalesce(a.confidence, 1.0) >= $min_confidence
  AND ($with_sample OR NOT coalesce(a.sample, false))
  AND coalesce(b.confidence, 1.0) >= $min_confidence
         AND ($with_sample OR NOT coalesce(b.sample, false))
  AND coalesce(a.evidence, $recorded) IN $evidence AND coalesce(b.evidence, $recorded) IN $evidence
  AND ($text1 = '' OR (m.search_text CONTAINS $text1 AND m.search_text CONTAINS $text2 AND m.search_text CONTAINS $text3 AND m.search_text CONTAINS $text4 AND m.search_text CONTAINS $text5))
WITH owner.id AS owner_id, m, count(DISTINCT e) AS events, coalesce(max(e.date), '') AS last_met
ORDER BY owner_id, last_met DESC, m.name_en, m.id
WITH owner_id, collect({node: properties(m), events: events, last_met: last_met}) AS found
RETURN owner_id, size(found) AS total, found[..$limit] AS page
