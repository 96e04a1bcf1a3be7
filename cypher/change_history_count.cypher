// How many change records are about an entity (either end of a link).
MATCH (c:Change)
WHERE c.entity_id = $entity OR c.other_id = $entity
RETURN count(c) AS total
