// Raw equivalent of search_department.graphql: full-text candidates, then rank; the
// first 20 and how many in all (totalCount). The API's query also follows renamings
// (SUCCEEDED_BY) and tests up to five words; one word needs neither here.
CALL db.index.fulltext.queryNodes('entity_search', '*department*') YIELD node AS n
WITH collect(n) AS found
UNWIND found AS n
WITH size(found) AS total, n,
     CASE WHEN ('|' + n.search_text + '|') CONTAINS '|department|' THEN 3
          WHEN ('|' + n.search_text) CONTAINS '|department' THEN 2 ELSE 1 END AS rank
ORDER BY rank DESC, size(n.name_en), n.name_en, n.id LIMIT 20
RETURN total, n.id, n.name_en, rank
