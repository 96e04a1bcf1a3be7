// Filter: the department belongs (directly, or through a parent department) to one of the bureaux $value.
EXISTS { MATCH (n)-[:PART_OF*1..3]->(b:Bureau) WHERE b.id IN $value }
