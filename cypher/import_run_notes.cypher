// Every import run noted as under way, oldest first.
MATCH (r:ImportRun)
RETURN r.id AS id, r.host AS host, r.pid AS pid, r.process AS process,
       r.started AS started, r.heartbeat AS heartbeat
ORDER BY r.started, r.id
