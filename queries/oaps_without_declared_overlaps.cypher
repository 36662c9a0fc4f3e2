// name: oaps_without_declared_overlaps
// OAPs none of whose actions is declared to overlap with another priority.
//
// Parameters:
//   $period  string, optional: a period, e.g. "2022" (left out: every period)
// Returns: oap_id (string), priority (string), period (string), actions (integer)
// Mode: read
MATCH (o:OAP)-[:BELONGS_TO]->(p:Priority)
WHERE ($period IS NULL OR o.period = $period)
  AND NOT EXISTS { (o)-[:HAS_ACTION]->(:Action)-[:DECLARES_OVERLAP]->(:Priority) }
RETURN o.oap_id AS oap_id, p.code AS priority, o.period AS period,
  COUNT { (o)-[:HAS_ACTION]->(:Action) } AS actions
  ORDER BY oap_id
