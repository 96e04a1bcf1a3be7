// Filter: the enterprise is incubated by, or a member of, one of the partner bodies $value.
EXISTS { MATCH (n)-[:INCUBATED_BY|MEMBER_OF]->(p:PartnerBody) WHERE p.id IN $value }
