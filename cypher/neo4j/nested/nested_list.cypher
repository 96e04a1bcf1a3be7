// One nested list of __OWNER__, as outgoing_links.cypher and incoming_links.cypher read
// it (the same view, order and top-k page), with the lists nested under each of its
// items (__CHILDREN__, blocks like this one). __TOTAL__ is nested_total.cypher when the
// list's totalCount was asked for, else nothing (the caller then reads one item more
// than the page, to know whether more follow).
// __P__ prefixes this block's parameters; __LINK__ and __NODE__ are its own variables.
// __VIEW__ is link_view.cypher, or nothing for a list asked with no as-of day and no
// trust rule (a large owner has thousands of links; testing each reads their properties).
// $__P__kinds is null when every kind the link type may reach is asked for (an event a
// department attended): then no item's kind is read (a fifth of the time at 12,000 links).
CALL (__OWNER__) {
  MATCH (__OWNER__)__IN__-[__LINK__:__TYPE__]-__OUT__(__NODE__)
  WHERE ($__P__kinds IS NULL OR __NODE__.kind IN $__P__kinds) AND ($__P__role = '' OR __LINK__.role = $__P__role)
    AND ($__P__text1 = '' OR (__NODE__.search_text CONTAINS $__P__text1 AND __NODE__.search_text CONTAINS $__P__text2 AND __NODE__.search_text CONTAINS $__P__text3 AND __NODE__.search_text CONTAINS $__P__text4 AND __NODE__.search_text CONTAINS $__P__text5))
    __VIEW__
  WITH __LINK__, __NODE__
  ORDER BY coalesce(__LINK__.date, '') DESC, __NODE__.name_en, __NODE__.id
  LIMIT $__P__limit
  __CHILDREN__
  RETURN collect({link: __LINK__ {.*, type: type(__LINK__)}, node: properties(__NODE__), lists: [__CHILD_COLUMNS__]}) AS __P__page
}
__TOTAL__
