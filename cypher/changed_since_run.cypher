// The first change, made by anything but import run $batch since the run began, to an
// entity the run created or updated (at either end of the change): what undoing the run
// would throw away, or leave dangling (a link recorded to an event the run created).
// The changes since the run are read once, each tested against the run's entities,
// along the (time, id) index on Neo4j (hence the id's test).
MATCH (run:Change)
WHERE run.batch = $batch
WITH min(run.at) AS since
MATCH (made:Change)
WHERE made.batch = $batch AND made.link_type IS NULL
WITH since, collect(DISTINCT made.entity_id) AS entities
MATCH (later:Change)
WHERE later.at >= since AND later.id IS NOT NULL
  AND coalesce(later.batch, '') <> $batch
  AND (later.entity_id IN entities OR coalesce(later.other_id, '') IN entities)
RETURN __PROPERTIES__(later) AS change
ORDER BY later.at, later.id
LIMIT 1
