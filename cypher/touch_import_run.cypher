// The run $id is still being written: its process says so every half minute.
MATCH (r:ImportRun {id: $id})
SET r.heartbeat = $heartbeat
