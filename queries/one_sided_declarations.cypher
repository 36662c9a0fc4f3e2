// name: one_sided_declarations
// Declarations from one priority's OAP towards another that are not returned: one-sided (the other
// priority's OAPs of an overlapping period are loaded and none declares back) or unchecked (no such
// OAP is loaded), with the actions behind each. Read from the DECLARES relationships the analysis
// wrote back, so the status is the report's.
//
// Parameters:
//   $period  string, optional: a period, e.g. "2022" (left out: every period)
// Returns: from_priority (string), oap_id (string), period (string), to_priority (string),
//   status (string), declared_actions (integer), actions (list<string>), titles (list<string>)
// Mode: read
MATCH (p:Priority)<-[:BELONGS_TO]-(o:OAP)-[d:DECLARES]->(q:Priority)
WHERE d.status <> 'reciprocated' AND ($period IS NULL OR d.period = $period)
CALL {
  WITH o, d
  MATCH (o)-[:HAS_ACTION]->(a:Action)
  WHERE a.code IN d.actions
  RETURN a
    ORDER BY toInteger(split(a.code, '.')[0]), toInteger(split(a.code, '.')[1])
}
WITH p, o, d, q, collect(a.code) AS actions, collect(coalesce(a.title, '')) AS titles
RETURN p.code AS from_priority, o.oap_id AS oap_id, d.period AS period, q.code AS to_priority,
  d.status AS status, size(actions) AS declared_actions, actions AS actions, titles AS titles
  ORDER BY from_priority, period, to_priority
