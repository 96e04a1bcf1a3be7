// The as-of day and trust rules a nested list applies to each link, as in
// outgoing_links.cypher: links dated later (an undated link to an event takes the
// event's day) and entities that began later or were dissolved before it are left out,
// and so are links below the confidence asked for or known in ways not asked for
// (except the organisation chart and taxonomy, $structural, which trust rules never
// drop).
AND coalesce(__LINK__.date, CASE WHEN __NODE__.kind = $event_kind THEN __NODE__.date
              WHEN __OWNER__.kind = $event_kind THEN __OWNER__.date END, '') <= $__P__as_of
AND coalesce(__NODE__.established, __NODE__.founded, __NODE__.date, '') <= $__P__as_of
AND (__NODE__.dissolved IS NULL OR __NODE__.dissolved >= $__P__existing_on)
AND (type(__LINK__) IN $structural
     OR (coalesce(__LINK__.confidence, 1.0) >= $__P__min_confidence
         AND coalesce(__LINK__.evidence, $recorded) IN $__P__evidence))
