// How many items one nested list of __OWNER__ has in all (its page is nested_list.cypher;
// the same match and view, without order or limit). Only when totalCount is asked for.
CALL (__OWNER__) {
  MATCH (__OWNER__)__IN__-[__LINK__:__TYPE__]-__OUT__(__NODE__)
  WHERE ($__P__kinds IS NULL OR __NODE__.kind IN $__P__kinds) AND ($__P__role = '' OR __LINK__.role = $__P__role)
    AND ($__P__text1 = '' OR (__NODE__.search_text CONTAINS $__P__text1 AND __NODE__.search_text CONTAINS $__P__text2 AND __NODE__.search_text CONTAINS $__P__text3 AND __NODE__.search_text CONTAINS $__P__text4 AND __NODE__.search_text CONTAINS $__P__text5))
    __VIEW__
  RETURN count(*) AS __P__total
}
