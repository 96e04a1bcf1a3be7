// Digest by recording time: the entities created and the links recorded whose first
// record in the audit trail is at or after $from (an audit-trail time, see
// graph_api/store/changes.py AT_FORMAT), with that first time. A fact recorded, removed
// and recorded again counts from its first record; facts with no record (loaded from
// the seed files) are not here: they count as recorded before any period.
MATCH (c:Change)
WHERE c.action IN $actions
WITH c.action AS action, c.entity_id AS entity_id, coalesce(c.other_id, '') AS other_id,
     coalesce(c.link_type, '') AS link_type, min(c.at) AS first
WHERE first >= $from
RETURN action, entity_id, other_id, link_type, first
ORDER BY first, entity_id, other_id, link_type
