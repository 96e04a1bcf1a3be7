// Which of the entities $ids have some name holding every word $text1..$text5: the name
// filter of an analytics list (brokers, technology coverage, recommended matches),
// applied to the entities it ranked.
MATCH (n__ENTITY__)
WHERE n.id IN $ids
  AND n.search_text CONTAINS $text1 AND n.search_text CONTAINS $text2
  AND n.search_text CONTAINS $text3 AND n.search_text CONTAINS $text4
  AND n.search_text CONTAINS $text5
RETURN n.id AS id
