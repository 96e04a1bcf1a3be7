// One page of the changes about an entity (either end of a link), newest first.
// Keyset paging: the page starts after the change ($before_at, $before_id), so no
// page ever needs SKIP; the first page passes a sentinel that sorts after any time.
// Without $persons, changes of a Person (ids starting $person_prefix) are left out.
MATCH (c:Change)
WHERE (c.entity_id = $entity OR c.other_id = $entity)
  AND (c.at < $before_at OR (c.at = $before_at AND c.id < $before_id))
  AND ($persons OR NOT (c.entity_id STARTS WITH $person_prefix
                        OR coalesce(c.other_id, '') STARTS WITH $person_prefix))
RETURN __PROPERTIES__(c) AS change
ORDER BY c.at DESC, c.id DESC
LIMIT $limit
