// Note the run $id as this process's, to undo it, unless it is noted already (then whoever
// noted it has it). Returns whether the note is this caller's ($process).
MERGE (r:ImportRun {id: $id})
ON CREATE SET r.host = $host, r.pid = $pid, r.process = $process, r.started = $started,
              r.heartbeat = $heartbeat, r.holds_readers = $holds_readers
RETURN r.process = $process AS mine
