// The partner bodies that existed on $as_of and incubate or count as a member at least
// one enterprise (as the graph stood then, among trusted links): those a partner-body
// report covers when none is named.
MATCH (b:PartnerBody)
WHERE coalesce(b.established, b.founded, b.date, '') <= $as_of
  AND EXISTS {
    MATCH (x:Enterprise)-[r:INCUBATED_BY|MEMBER_OF]->(b)
    WHERE coalesce(x.established, x.founded, x.date, '') <= $as_of
      AND coalesce(r.date, '') <= $as_of
      AND coalesce(r.confidence, 1.0) >= $min_confidence
      AND ($with_sample OR NOT coalesce(r.sample, false))
      AND coalesce(r.evidence, $recorded) IN $evidence
  }
RETURN b.id AS body
ORDER BY body
