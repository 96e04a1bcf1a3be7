// Every entity of kind __KIND__ that existed on $as_of (established, founded or, for an
// event, held by then), with its dissolution day: the parties a gap report may name.
MATCH (n:__KIND__)
WHERE coalesce(n.established, n.founded, n.date, '') <= $as_of
RETURN n.id AS id, n.dissolved AS dissolved
ORDER BY id
