// Raw twin of collaboration_paths.graphql: Neo4j's own 3 shortest paths (ties unordered).
MATCH (a:Entity {id: $department}), (b:Entity {id: $enterprise})
MATCH p = SHORTEST 3 (a)-[*1..4]-(b)
RETURN [n IN nodes(p) | n.id] AS ids
