// One nested list of __OWNER__ that follows the organisation chart (a bureau's
// departments and their units; a department's bureau, through its parent department if
// it is a unit), read as chart_links_in.cypher and chart_links_out.cypher read it: the
// same rule, order and top-k page, with the lists nested under each item (__CHILDREN__).
// __PATTERN__ matches the item __NODE__, the link __LINK__ from the lower end __LOW__ to
// its place __NODE___via, and the chain __NODE___up (no link, or one) from there up to
// __TOP__; __CHART__ is chart_view.cypher. __TOTAL__ is nested_chart_total.cypher when
// the list's totalCount was asked for, else nothing, as in nested_list.cypher.
CALL (__OWNER__) {
  MATCH __PATTERN__
  WHERE ($__P__kinds IS NULL OR __NODE__.kind IN $__P__kinds)
    AND ($__P__text1 = '' OR (__NODE__.search_text CONTAINS $__P__text1 AND __NODE__.search_text CONTAINS $__P__text2 AND __NODE__.search_text CONTAINS $__P__text3 AND __NODE__.search_text CONTAINS $__P__text4 AND __NODE__.search_text CONTAINS $__P__text5))
    __CHART__
  WITH __LINK__, __NODE__, __NODE___via, size(__NODE___up) AS __NODE___depth
  ORDER BY __NODE___depth, coalesce(__LINK__.date, '') DESC, __NODE__.name_en, __NODE__.id
  LIMIT $__P__limit
  __CHILDREN__
  RETURN collect({link: __LINK__ {.*, type: type(__LINK__)}, node: properties(__NODE__), via: __NODE___via.id, lists: [__CHILD_COLUMNS__]}) AS __P__page
}
__TOTAL__
