// Delete every node and its links (tests and fresh imports only).
MATCH (n) DETACH DELETE n
