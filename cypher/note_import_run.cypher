// Note an import run under way (graph_api.transfer.journal), before its first write: the
// process writing it, when it last showed it was alive, and whether readers are held off
// until it ends (id, host, pid, process, started, heartbeat, holds_readers). Kept in the
// store every process shares, so a run whose process died is found and undone by
// whichever process starts or imports next.
MERGE (r:ImportRun {id: $id})
SET r.host = $host, r.pid = $pid, r.process = $process, r.started = $started,
    r.heartbeat = $heartbeat, r.holds_readers = $holds_readers
