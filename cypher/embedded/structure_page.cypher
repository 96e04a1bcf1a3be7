// One page of the compact structure graph behind brokers and communities: up to $limit
// entities (never a $person) whose id sorts after $after, in id order, each with its
// kind, the day it began (an event's day; else established or founded) and event type,
// and its outgoing links of $types to entities that are not persons, as one list of
// {t: target id, y: type, d: the link's day (its own date or, undated to an event, the
// event's day), e: evidence ($recorded when unset), c: confidence (1.0 when unset), s: sample data}.
// Ids and the filters' inputs only: never a name, a source or other properties. An
// entity with no such link brings one entry of nulls (dropped by the caller). Ladybug:
// every entity table by a label union, and a link's type is label(l).
MATCH (a__ENTITY__)
WHERE a.id > $after AND a.kind <> $person
WITH a ORDER BY a.id LIMIT $limit
OPTIONAL MATCH (a)-[l]->(b)
WHERE label(l) IN $types AND b.kind <> $person
WITH a, collect({t: b.id, y: label(l),
                 d: coalesce(l.date, CASE WHEN b.kind = $event_kind THEN b.date END),
                 e: coalesce(l.evidence, $recorded), c: coalesce(l.confidence, 1.0),
                 s: coalesce(l.sample, false)}) AS links
RETURN a.id AS id, a.kind AS kind, a.event_type AS event_type,
       CASE WHEN a.kind = $event_kind THEN a.date ELSE coalesce(a.established, a.founded) END AS start,
       links
ORDER BY id
