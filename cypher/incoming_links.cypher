// Every __TYPE__ link arriving at any of the nodes $ids, with the node it comes from.
// Ordered by owner, newest link first, then name, so both stores agree on order.
MATCH (owner__ENTITY__)<-[l:__TYPE__]-(m)
WHERE owner.id IN $ids
RETURN owner.id AS owner_id, l AS link, m AS node
ORDER BY owner_id, coalesce(l.date, '') DESC, m.name_en, m.id
