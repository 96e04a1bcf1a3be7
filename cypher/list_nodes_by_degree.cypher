// One page of __KIND__ nodes ordered by their number of links, then English name, with the total.
MATCH (c:__KIND__)
WITH count(c) AS total
MATCH (n:__KIND__)
WITH total, n, COUNT { MATCH (n)-[]-() } AS degree
WITH total, n, CASE WHEN $reverse = true THEN -degree ELSE degree END AS rank
ORDER BY rank ASC, n.name_en ASC, n.id ASC
SKIP $skip LIMIT $limit
RETURN n AS node, total
