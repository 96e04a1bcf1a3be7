// Create or update nodes of one kind (__KIND__) from $rows, keyed by id.
// CASTs tell Ladybug the column type when a whole batch holds only nulls there.
UNWIND $rows AS row
MERGE (n:__KIND__ {id: row.id})
SET n.kind = row.kind, n.name_en = row.name_en, n.name_zh = row.name_zh,
    n.abbreviation = row.abbreviation, n.aliases = CAST(row.aliases AS STRING[]),
    n.description = row.description, n.source = row.source,
    n.sample = CAST(row.sample AS BOOLEAN), n.search_text = row.search_text,
    n.supervised_by = row.supervised_by, n.origin = row.origin, n.size = row.size,
    n.founded = row.founded, n.event_type = row.event_type,
    n.number = CAST(row.number AS INT64), n.date = row.date,
    n.date_certainty = row.date_certainty, n.venue = row.venue,
    n.theme = row.theme, n.title = row.title, n.established = row.established,
    n.dissolved = row.dissolved, n.former_names = row.former_names
