// Raw equivalent of forum_attendees.graphql: the 19th forum's attendees with their
// roles, latest first (then by name and id, as the API orders them), first 100 of them,
// and how many in all (totalCount).
MATCH (e:Event {id: 'event:tf-19'})
CALL (e) {
  MATCH (p)-[a:ATTENDED]->(e)
  WITH p, a ORDER BY coalesce(a.date, '') DESC, p.name_en, p.id
  WITH collect({role: a.role, id: p.id, name: p.name_en}) AS attendees
  RETURN size(attendees) AS total, attendees[..100] AS attendees
}
RETURN e.name_en, total, attendees
