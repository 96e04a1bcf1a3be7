// nested_list.cypher for a list asked with no as-of day and no trust rule: the same
// page, order and total, without testing each link against a view that lets all pass
// (a large owner has thousands of links, and each test reads their properties).
CALL (__OWNER__) {
  MATCH (__OWNER__)__IN__-[__LINK__:__TYPE__]-__OUT__(__NODE__)
  WHERE __NODE__.kind IN $__P__kinds AND ($__P__role = '' OR __LINK__.role = $__P__role)
  WITH __LINK__, __NODE__
  ORDER BY coalesce(__LINK__.date, '') DESC, __NODE__.name_en, __NODE__.id
  LIMIT $__P__limit
  __CHILDREN__
  RETURN collect({link: __LINK__, node: __NODE__, lists: [__CHILD_COLUMNS__]}) AS __P__page
}
CALL (__OWNER__) {
  MATCH (__OWNER__)__IN__-[__LINK__:__TYPE__]-__OUT__(__NODE__)
  WHERE __NODE__.kind IN $__P__kinds AND ($__P__role = '' OR __LINK__.role = $__P__role)
  RETURN count(*) AS __P__total
}
