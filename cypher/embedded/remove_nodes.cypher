// Delete the __KIND__ entities with the given $ids and every link they still have.
UNWIND $ids AS node_id
MATCH (n:__KIND__ {id: node_id})
DETACH DELETE n
