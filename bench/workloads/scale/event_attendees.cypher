// Raw twin of event_attendees.graphql: 20 attendees, 5 offers for each enterprise.
MATCH (e:Entity {id: $event})
CALL (e) {
  MATCH (e)<-[a:ATTENDED]-(m)
  WITH a, m ORDER BY coalesce(a.date, '') DESC, m.name_en, m.id LIMIT 20
  CALL (m) {
    MATCH (m)-[:OFFERS]->(t:Technology)
    WITH t ORDER BY t.name_en, t.id LIMIT 5
    RETURN collect({id: t.id, name: t.name_en}) AS offers
  }
  RETURN collect({id: m.id, name: m.name_en, offers: offers}) AS attendees
}
RETURN e.id AS id, e.name_en AS name, attendees
