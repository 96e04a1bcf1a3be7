// How many links of each type the graph holds (Ladybug names a type with label()).
MATCH ()-[l]->()
RETURN label(l) AS type, count(*) AS count
