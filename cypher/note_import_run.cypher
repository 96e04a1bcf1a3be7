// Note an import run under way (graph_api.transfer.journal), before its first write: the
// process writing it and when it last showed it was alive ($note: id, host, pid, process,
// started, heartbeat). Kept in the store every process shares, so a run whose process
// died is found and undone by whichever process starts or imports next.
MERGE (r:ImportRun {id: $id})
SET r.host = $host, r.pid = $pid, r.process = $process, r.started = $started,
    r.heartbeat = $heartbeat
