// Every department that existed on $as_of, its dissolution day, how many of its
// attendances fall in $period_start..$period_end (undated ones count on the event day,
// and count when that is undated too), and its latest event at any time as day|id (the
// largest such text: the newest day, then the largest id; undated days sort first).
// Attendances are those of the graph as it stood on $as_of, among trusted links.
MATCH (d:Department)
WHERE coalesce(d.established, d.founded, d.date, '') <= $as_of
OPTIONAL MATCH (d)-[a:ATTENDED]->(e:Event)
WHERE coalesce(e.date, '') <= $as_of AND coalesce(a.date, e.date, '') <= $as_of
  AND coalesce(a.confidence, 1.0) >= $min_confidence
  AND ($with_sample OR NOT coalesce(a.sample, false))
  AND coalesce(a.evidence, $recorded) IN $evidence
WITH d, e, coalesce(a.date, e.date) AS day
RETURN d.id AS department, d.dissolved AS dissolved,
       count(CASE WHEN e IS NOT NULL AND (day IS NULL OR (day >= $period_start AND day <= $period_end)) THEN 1 END) AS in_period,
       max(CASE WHEN e IS NOT NULL THEN coalesce(day, '') + '|' + e.id END) AS latest
ORDER BY department
