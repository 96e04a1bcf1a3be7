// Delete every entity, link and change record (restores and tests). The notes of import
// runs under way stay: a restore is noted as one, holding every process's readers off
// while it writes (graph_api.held_runs). ($kept names their table for the embedded
// store's wording, which has no label test.)
MATCH (n)
WHERE NOT n:ImportRun
DETACH DELETE n
