// One change record by its id (idempotent replay looks its key's record up here).
MATCH (c:Change {id: $id})
RETURN __PROPERTIES__(c) AS change
