// Filter: the entity existed on $value (an ISO day): it was founded, established or held
// on or before it, and not dissolved before it (dissolved is its last day). Entities with
// no such dates always count. ISO strings compare as dates, and a bare year (2019) sorts
// before every day of that year, meaning "from its start".
coalesce(n.established, n.founded, n.date, '') <= $value AND (n.dissolved IS NULL OR n.dissolved >= $value)
