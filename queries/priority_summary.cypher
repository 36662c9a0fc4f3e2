// name: priority_summary
// For every priority: OAPs loaded, their actions, the overlaps they declare and those declared towards it.
//
// Parameters: none
// Returns: priority (string), name (string), oaps (integer), actions (integer), declared_out (integer),
//   declared_in (integer)
// Mode: read
MATCH (p:Priority)
RETURN p.code AS priority, p.name AS name,
  COUNT { (p)<-[:BELONGS_TO]-(:OAP) } AS oaps,
  COUNT { (p)<-[:BELONGS_TO]-(:OAP)-[:HAS_ACTION]->(:Action) } AS actions,
  COUNT { (p)<-[:BELONGS_TO]-(:OAP)-[:HAS_ACTION]->(:Action)-[:DECLARES_OVERLAP]->(:Priority) } AS declared_out,
  COUNT { (:Action)-[:DECLARES_OVERLAP]->(p) } AS declared_in
  ORDER BY priority
