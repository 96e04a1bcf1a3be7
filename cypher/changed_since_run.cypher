// The first change, made by anything but import run $batch, to an entity the run wrote
// (at either end of the change) since the run began: what undoing the run would throw
// away or leave dangling (a link recorded to an event the run created, say).
MATCH (run:Change)
WHERE run.batch = $batch
WITH min(run.at) AS since, collect(DISTINCT run.entity_id) AS ids
UNWIND ids AS id
MATCH (later:Change)
WHERE (later.entity_id = id OR later.other_id = id)
  AND later.at >= since
  AND coalesce(later.batch, '') <> $batch
RETURN later AS change
ORDER BY later.at, later.id
LIMIT 1
