// How many change records are about an entity (either end of a link); without
// $persons, those of a Person (ids starting $person_prefix) are not counted.
MATCH (c:Change)
WHERE (c.entity_id = $entity OR c.other_id = $entity)
  AND ($persons OR NOT (c.entity_id STARTS WITH $person_prefix
                        OR coalesce(c.other_id, '') STARTS WITH $person_prefix))
RETURN count(c) AS total
