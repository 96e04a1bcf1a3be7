// Filter: the entity is ($value = true) or is not (false) invented sample data.
n.sample = $value
