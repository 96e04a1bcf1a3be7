// Entities of the kinds $kinds whose search text (every name they go by, now or before)
// contains every term $t1..$t5, and the successors (SUCCEEDED_BY, one step) of such
// entities; ranked: 3 = a name equals $whole, 2 = a name starts with it or the English
// name (its punctuation $word_punctuation dropped) holds $words, the text as whole words
// between spaces; 1 = it occurs inside a name, 0 = found as the successor of an entity
// whose name matched; then shorter English names first. Returns one page ($skip, $limit) and the total.
// Rule and reasons: graph_api/store/search.py. Neo4j uses the full-text index instead.
MATCH (n__ENTITY__)
WHERE n.kind IN $kinds AND (
  (n.search_text CONTAINS $t1 AND n.search_text CONTAINS $t2 AND n.search_text CONTAINS $t3
   AND n.search_text CONTAINS $t4 AND n.search_text CONTAINS $t5)
  OR EXISTS { MATCH (p__ENTITY__)-[:SUCCEEDED_BY]->(n)
              WHERE p.kind IN $kinds AND p.search_text CONTAINS $t1
                AND p.search_text CONTAINS $t2 AND p.search_text CONTAINS $t3
                AND p.search_text CONTAINS $t4 AND p.search_text CONTAINS $t5 })
WITH count(n) AS total
MATCH (n__ENTITY__)
WHERE n.kind IN $kinds AND (
  (n.search_text CONTAINS $t1 AND n.search_text CONTAINS $t2 AND n.search_text CONTAINS $t3
   AND n.search_text CONTAINS $t4 AND n.search_text CONTAINS $t5)
  OR EXISTS { MATCH (p__ENTITY__)-[:SUCCEEDED_BY]->(n)
              WHERE p.kind IN $kinds AND p.search_text CONTAINS $t1
                AND p.search_text CONTAINS $t2 AND p.search_text CONTAINS $t3
                AND p.search_text CONTAINS $t4 AND p.search_text CONTAINS $t5 })
WITH total, n,
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
RETURN __PROPERTIES__(n) AS node, rank, total
