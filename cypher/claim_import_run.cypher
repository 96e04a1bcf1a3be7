// Take over the noted run $id to undo it, if its note is still as it was read ($seen_process,
// $seen_heartbeat): of several processes finding one interrupted run at once, one gets it
// and the others see its fresh heartbeat. Returns the run's id when this caller has it.
MATCH (r:ImportRun {id: $id})
WHERE r.process = $seen_process AND r.heartbeat = $seen_heartbeat
SET r.host = $host, r.pid = $pid, r.process = $process, r.heartbeat = $heartbeat
RETURN r.id AS id
