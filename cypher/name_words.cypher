// The names, abbreviations and aliases of every entity of the kinds $kinds: the words
// and Chinese names search forgives typos against (graph_api/store/spelling.py). Read
// once per write, and only after a search found nothing.
MATCH (n__ENTITY__)
WHERE n.kind IN $kinds
RETURN n.name_en AS name_en, n.name_zh AS name_zh, n.abbreviation AS abbreviation,
       n.aliases AS aliases
