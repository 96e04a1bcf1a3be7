// Filter: the entity is one of the ids $value.
n.id IN $value
