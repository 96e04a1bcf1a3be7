// Filter: some name of the entity (English, Chinese, abbreviation, alias, former name)
// holds the search term $value, folded as search folds it (graph_api.store.search).
n.search_text CONTAINS $value
