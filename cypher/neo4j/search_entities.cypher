// Entities of the kinds $kinds whose search text (every name they go by, now or before)
// contains every term $t1..$t5, and the successors (SUCCEEDED_BY, one step) of such
// entities; ranked: 3 = a name equals $whole, 2 = a name starts with it or the English
// name (its punctuation $word_punctuation dropped) holds $words, the text as whole words
// between spaces; 1 = it occurs inside a name, 0 = found as the successor of an entity
// whose name matched; then shorter English names first. Returns one page ($skip, $limit) and the total.
// The full-text index entity_search (keyword analyser) finds the candidates for the
// longest term ($lucene = *term*), the CONTAINS tests then match exactly as the
// embedded store does. Rule and reasons: graph_api/store/search.py.
CALL db.index.fulltext.queryNodes('entity_search', $lucene) YIELD node AS m
WHERE m.kind IN $kinds AND m.search_text CONTAINS $t1 AND m.search_text CONTAINS $t2
  AND m.search_text CONTAINS $t3 AND m.search_text CONTAINS $t4 AND m.search_text CONTAINS $t5
// The successors are found from the SUCCEEDED_BY links (a relationship type scan: a
// few dozen links, however many entities match), not by expanding every match: at 10^5
// entities a common word matches 11,900 and the expansion cost 135 of the query's 170 ms.
// A predecessor that matches is one of the matches above (it holds the longest term).
WITH collect(m) AS matched
CALL () {
  MATCH (p)-[:SUCCEEDED_BY]->(s)
  WHERE p.kind IN $kinds AND p.search_text CONTAINS $t1 AND p.search_text CONTAINS $t2
    AND p.search_text CONTAINS $t3 AND p.search_text CONTAINS $t4
    AND p.search_text CONTAINS $t5
    AND s.kind IN $kinds AND NOT (s.search_text CONTAINS $t1
      AND s.search_text CONTAINS $t2 AND s.search_text CONTAINS $t3
      AND s.search_text CONTAINS $t4 AND s.search_text CONTAINS $t5)
  RETURN collect(DISTINCT s) AS heirs
}
WITH matched + heirs AS found
UNWIND found AS n
WITH size(found) AS total, n,
     CASE WHEN NOT (n.search_text CONTAINS $t1 AND n.search_text CONTAINS $t2
                    AND n.search_text CONTAINS $t3 AND n.search_text CONTAINS $t4
                    AND n.search_text CONTAINS $t5) THEN 0
          WHEN ('|' + n.search_text + '|') CONTAINS ('|' + $whole + '|') THEN 3
          WHEN ('|' + n.search_text) CONTAINS ('|' + $whole)
            OR (' ' + reduce(s = toLower(n.name_en), mark IN $word_punctuation
                             | replace(s, mark, '')) + ' ') CONTAINS $words
          THEN 2
          ELSE 1 END AS rank
ORDER BY rank DESC, size(n.name_en) ASC, n.name_en ASC, n.id ASC
SKIP $skip LIMIT $limit
RETURN properties(n) AS node, rank, total
