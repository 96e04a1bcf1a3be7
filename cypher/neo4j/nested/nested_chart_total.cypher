// How many items one chart list of __OWNER__ has in all (its page is
// nested_chart_list.cypher: the same match and rule, without order or limit). Only when
// totalCount is asked for.
CALL (__OWNER__) {
  MATCH __PATTERN__
  WHERE ($__P__kinds IS NULL OR __NODE__.kind IN $__P__kinds)
    AND ($__P__text1 = '' OR (__NODE__.search_text CONTAINS $__P__text1 AND __NODE__.search_text CONTAINS $__P__text2 AND __NODE__.search_text CONTAINS $__P__text3 AND __NODE__.search_text CONTAINS $__P__text4 AND __NODE__.search_text CONTAINS $__P__text5))
    __CHART__
  RETURN count(*) AS __P__total
}
