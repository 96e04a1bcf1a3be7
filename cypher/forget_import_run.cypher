// Forget the run $id: it finished, failed and was undone, or was undone after its process died.
MATCH (r:ImportRun {id: $id})
DELETE r
