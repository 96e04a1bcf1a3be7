// Delete every entity, link and change record (restores and tests). The notes of import
// runs under way stay ($kept is their table): a restore is noted as one, holding every
// process's readers off while it writes (graph_api.held_runs).
MATCH (n)
WHERE label(n) <> $kept
DETACH DELETE n
