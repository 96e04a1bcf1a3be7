// Give every change record of one import run ($batch) the time its transaction commits
// ($at): a run written as one transaction becomes visible all at once, and other API
// processes' change relays read the trail by time, looking back only a few seconds, so
// records stamped when each batch was planned (minutes earlier) would be missed.
MATCH (c:Change)
WHERE c.batch = $batch
SET c.at = $at
