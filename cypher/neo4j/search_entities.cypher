// Entities of the kinds $kinds whose search text contains every term $t1..$t5, ranked:
// 3 = a name equals $whole, 2 = a name starts with it, 1 = it occurs inside a name;
// then shorter English names first. Returns one page ($skip, $limit) and the total.
// The full-text index entity_search (keyword analyser) finds the candidates for the
// longest term ($lucene = *term*), the CONTAINS tests then match exactly as the
// embedded store does. Rule and reasons: graph_api/store/search.py.
CALL db.index.fulltext.queryNodes('entity_search', $lucene) YIELD node AS n
WHERE n.kind IN $kinds AND n.search_text CONTAINS $t1 AND n.search_text CONTAINS $t2
  AND n.search_text CONTAINS $t3 AND n.search_text CONTAINS $t4 AND n.search_text CONTAINS $t5
WITH count(n) AS total
CALL db.index.fulltext.queryNodes('entity_search', $lucene) YIELD node AS n
WHERE n.kind IN $kinds AND n.search_text CONTAINS $t1 AND n.search_text CONTAINS $t2
  AND n.search_text CONTAINS $t3 AND n.search_text CONTAINS $t4 AND n.search_text CONTAINS $t5
WITH total, n,
     CASE WHEN ('|' + n.search_text + '|') CONTAINS ('|' + $whole + '|') THEN 3
          WHEN ('|' + n.search_text) CONTAINS ('|' + $whole) THEN 2
          ELSE 1 END AS rank
ORDER BY rank DESC, size(n.name_en) ASC, n.name_en ASC, n.id ASC
SKIP $skip LIMIT $limit
RETURN n AS node, rank, total
