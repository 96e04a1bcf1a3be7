// next_hop for a question with no date or trust rules (no period, no as-of day, every
// kind of evidence, any confidence): the same next level without reading those
// properties on every link and entity, which is most of the time on a large frontier.
UNWIND $ids AS owner_id
MATCH (owner:Entity {id: owner_id})-[l]-(m:Entity)
USING INDEX SEEK owner:Entity(id)  // a seek per id, whatever the planner's statistics say
WHERE type(l) IN $types AND NOT m:Person
RETURN DISTINCT m.id AS id
