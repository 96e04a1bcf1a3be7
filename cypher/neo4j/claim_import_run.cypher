// Take over the noted run $id to undo it, if its note is still as it was read ($seen_process,
// $seen_heartbeat): of several processes finding one interrupted run at once, one gets it
// and the others see its fresh heartbeat. Returns the run's id when this caller has it.
// The first SET takes the note's write lock (held until the commit) before the note is
// tested: two claims at once then test it one after the other (Neo4j does not test a
// WHERE again after waiting for a lock). The marker goes at once, claimed or not.
MATCH (r:ImportRun {id: $id})
SET r._lock = true
WITH r, (r.process = $seen_process AND r.heartbeat = $seen_heartbeat) AS unchanged
REMOVE r._lock
WITH r, unchanged
WHERE unchanged
SET r.host = $host, r.pid = $pid, r.process = $process, r.heartbeat = $heartbeat
RETURN r.id AS id
