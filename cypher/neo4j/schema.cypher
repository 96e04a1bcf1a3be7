// Neo4j constraints and indexes, created at start-up; every statement is idempotent.
// Every node carries the extra label :Entity so one uniqueness constraint and one
// full-text index cover all kinds, and a lookup by id never scans.
CREATE CONSTRAINT entity_id IF NOT EXISTS FOR (n:Entity) REQUIRE n.id IS UNIQUE;
CREATE INDEX entity_kind IF NOT EXISTS FOR (n:Entity) ON (n.kind);
CREATE INDEX entity_name_en IF NOT EXISTS FOR (n:Entity) ON (n.name_en);
CREATE INDEX event_date IF NOT EXISTS FOR (n:Event) ON (n.date);
CREATE INDEX attended_date IF NOT EXISTS FOR ()-[l:ATTENDED]-() ON (l.date);
CREATE FULLTEXT INDEX entity_names IF NOT EXISTS FOR (n:Entity) ON EACH [n.name_en, n.name_zh, n.abbreviation, n.search_text];
