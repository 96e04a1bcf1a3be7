// Raw equivalent of forum_attendees.graphql.
MATCH (e:Event {id: 'event:tf-19'})
OPTIONAL MATCH (p)-[a:ATTENDED]->(e)
WITH e, p, a ORDER BY a.date DESC, p.name_en, p.id LIMIT 100
RETURN e.name_en, collect({role: a.role, id: p.id, name: p.name_en}) AS attendees
