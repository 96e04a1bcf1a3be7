// Every import run noted as under way, oldest first (notes written before holds_readers
// existed hold nobody).
MATCH (r:ImportRun)
RETURN r.id AS id, r.host AS host, r.pid AS pid, r.process AS process,
       r.started AS started, r.heartbeat AS heartbeat,
       coalesce(r.holds_readers, false) AS holds_readers
ORDER BY r.started, r.id
