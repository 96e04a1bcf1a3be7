// Empty the database between import runs, in slices of 10,000 nodes (deleting a million
// links in one transaction needs a large heap). Needs an auto-commit transaction.
MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS
