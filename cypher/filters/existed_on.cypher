// Filter: the entity existed on $value (an ISO day): it was founded, established or held
// on or before it. Entities with no such date always count. ISO strings compare as dates,
// and a bare year (2019) sorts before every day of that year, meaning "from its start".
coalesce(n.established, n.founded, n.date, '') <= $value
