// Delete the change records with the given ids (an import undoing itself).
UNWIND $ids AS change_id
MATCH (c:Change {id: change_id})
DELETE c
