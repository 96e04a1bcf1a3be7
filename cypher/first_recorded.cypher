// When each of these links ($keys: type, from_id, to_id) was first recorded: the time of
// its earliest change record in the audit trail. Links with no change record (loaded
// from the seed files) are simply absent from the answer.
UNWIND $keys AS k
MATCH (c:Change)
WHERE c.link_type = k.type AND c.entity_id = k.from_id AND c.other_id = k.to_id
RETURN k.type AS type, k.from_id AS from_id, k.to_id AS to_id, min(c.at) AS at
