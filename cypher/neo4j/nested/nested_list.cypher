// One nested list of __OWNER__, as outgoing_links.cypher and incoming_links.cypher read
// it (the same view, order and top-k page), with the lists nested under each of its
// items (__CHILDREN__, blocks like this one) and how many items the list has in all.
// __P__ prefixes this block's parameters; __LINK__ and __NODE__ are its own variables.
CALL (__OWNER__) {
  MATCH (__OWNER__)__IN__-[__LINK__:__TYPE__]-__OUT__(__NODE__)
  WHERE __NODE__.kind IN $__P__kinds AND ($__P__role = '' OR __LINK__.role = $__P__role)
    AND coalesce(__LINK__.date, CASE WHEN __NODE__.kind = $event_kind THEN __NODE__.date
                  WHEN __OWNER__.kind = $event_kind THEN __OWNER__.date END, '') <= $__P__as_of
    AND coalesce(__NODE__.established, __NODE__.founded, __NODE__.date, '') <= $__P__as_of
    AND coalesce(__LINK__.confidence, 1.0) >= $__P__min_confidence
    AND coalesce(__LINK__.evidence, $recorded) IN $__P__evidence
  WITH __LINK__, __NODE__
  ORDER BY coalesce(__LINK__.date, '') DESC, __NODE__.name_en, __NODE__.id
  LIMIT $__P__limit
  __CHILDREN__
  RETURN collect({link: __LINK__, node: __NODE__, lists: [__CHILD_COLUMNS__]}) AS __P__page
}
CALL (__OWNER__) {
  MATCH (__OWNER__)__IN__-[__LINK__:__TYPE__]-__OUT__(__NODE__)
  WHERE __NODE__.kind IN $__P__kinds AND ($__P__role = '' OR __LINK__.role = $__P__role)
    AND coalesce(__LINK__.date, CASE WHEN __NODE__.kind = $event_kind THEN __NODE__.date
                  WHEN __OWNER__.kind = $event_kind THEN __OWNER__.date END, '') <= $__P__as_of
    AND coalesce(__NODE__.established, __NODE__.founded, __NODE__.date, '') <= $__P__as_of
    AND coalesce(__LINK__.confidence, 1.0) >= $__P__min_confidence
    AND coalesce(__LINK__.evidence, $recorded) IN $__P__evidence
  RETURN count(*) AS __P__total
}
