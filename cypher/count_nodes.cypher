// How many nodes of each kind the graph holds.
MATCH (n__ENTITY__)
RETURN n.kind AS kind, count(*) AS count
