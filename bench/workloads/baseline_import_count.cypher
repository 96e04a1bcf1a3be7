// After an import run: how many entities and links the database holds (audit records,
// which carry no :Entity label, are not counted).
MATCH (n:Entity)
WITH count(n) AS entities
OPTIONAL MATCH (:Entity)-[l]->(:Entity)
RETURN entities, count(l) AS links
