// Raw equivalent of search_department.graphql: full-text candidates, then rank.
CALL db.index.fulltext.queryNodes('entity_search', '*department*') YIELD node AS n
WITH n, CASE WHEN ('|' + n.search_text + '|') CONTAINS '|department|' THEN 3
             WHEN ('|' + n.search_text) CONTAINS '|department' THEN 2 ELSE 1 END AS rank
ORDER BY rank DESC, size(n.name_en), n.name_en, n.id LIMIT 20
RETURN n.id, n.name_en, rank
