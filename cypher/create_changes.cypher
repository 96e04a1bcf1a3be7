// Record change records (the audit trail) from $rows, one Change node per row.
// CREATE, not MERGE: a repeated id (an idempotency key used twice at once) must fail
// the whole transaction, so the second request replays the first instead of writing.
UNWIND $rows AS row
CREATE (c:Change {id: row.id, at: row.at, actor: row.actor, channel: row.channel,
                  source: row.source, action: row.action, entity_id: row.entity_id,
                  other_id: row.other_id, link_type: row.link_type, summary: row.summary,
                  before: row.before, idempotency_key: row.idempotency_key,
                  request_hash: row.request_hash, result: row.result, batch: row.batch})
