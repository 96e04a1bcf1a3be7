// Entities of the kinds $kinds whose search text (every name they go by, now or before)
// contains every term $t1..$t5, and the successors (SUCCEEDED_BY, one step) of such
// entities; ranked: 3 = a name equals $whole, 2 = a name starts with it or the English
// name (its punctuation $word_punctuation dropped) holds $words, the text as whole words
// between spaces; 1 = it occurs inside a name, 0 = found as the successor of an entity
// whose name matched; then shorter English names first. Returns one page ($skip, $limit) and the total.
// Rule and reasons: graph_api/store/search.py. Neo4j uses the full-text index instead.
// One scan finds the matches; the successors come from the SUCCEEDED_BY links (a few
// dozen) instead of an EXISTS test on every entity in a second scan.
MATCH (m__ENTITY__)
WHERE m.kind IN $kinds AND m.search_text CONTAINS $t1 AND m.search_text CONTAINS $t2
  AND m.search_text CONTAINS $t3 AND m.search_text CONTAINS $t4 AND m.search_text CONTAINS $t5
WITH collect(m) AS matched
OPTIONAL MATCH (p__ENTITY__)-[:SUCCEEDED_BY]->(s__ENTITY__)
WHERE p.kind IN $kinds AND p.search_text CONTAINS $t1 AND p.search_text CONTAINS $t2
  AND p.search_text CONTAINS $t3 AND p.search_text CONTAINS $t4 AND p.search_text CONTAINS $t5
  AND s.kind IN $kinds AND NOT (s.search_text CONTAINS $t1
    AND s.search_text CONTAINS $t2 AND s.search_text CONTAINS $t3
    AND s.search_text CONTAINS $t4 AND s.search_text CONTAINS $t5)
WITH matched, collect(DISTINCT s) AS heirs
WITH list_concat(matched, heirs) AS found
UNWIND found AS n
WITH size(found) AS total, n,
     CASE WHEN NOT (n.search_text CONTAINS $t1 AND n.search_text CONTAINS $t2
                    AND n.search_text CONTAINS $t3 AND n.search_text CONTAINS $t4
                    AND n.search_text CONTAINS $t5) THEN 0
          WHEN ('|' + n.search_text + '|') CONTAINS ('|' + $whole + '|') THEN 3
          WHEN ('|' + n.search_text) CONTAINS ('|' + $whole)
            OR (' ' + list_reduce(list_concat([lower(n.name_en)], $word_punctuation),
                                     (s, mark) -> replace(s, mark, '')) + ' ') CONTAINS $words
          THEN 2
          ELSE 1 END AS rank
ORDER BY rank DESC, size(n.name_en) ASC, n.name_en ASC, n.id ASC
SKIP $skip LIMIT $limit
RETURN n AS node, rank, total
