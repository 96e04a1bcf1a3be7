// partner_members for a question with no date or trust rules (no as-of day, every kind
// of evidence, any confidence): the enterprises each partner body of $bodies (all of
// them when $all_bodies) incubates or counts as members (only $enterprises unless
// $all_enterprises), without reading those rules' properties on every link; one row per
// body and enterprise, by body then enterprise.
MATCH (x:Enterprise)-[:INCUBATED_BY|MEMBER_OF]->(b:PartnerBody)
WHERE ($all_bodies OR b.id IN $bodies) AND ($all_enterprises OR x.id IN $enterprises)
RETURN DISTINCT b.id AS body, x.id AS enterprise
ORDER BY body, enterprise
