// name: one_sided_declarations
// Declarations from one priority's OAPs towards another that the other does not return, and those
// that cannot be checked because no OAP of the other priority is loaded.
//
// Parameters: none
// Returns: from_priority (string), to_priority (string), declared_actions (integer), status (string)
// Mode: read
MATCH (p:Priority)<-[:BELONGS_TO]-(:OAP)-[:HAS_ACTION]->(a:Action)-[:DECLARES_OVERLAP]->(q:Priority)
WITH p, q, count(DISTINCT a) AS declared_actions
WHERE NOT EXISTS { (q)<-[:BELONGS_TO]-(:OAP)-[:HAS_ACTION]->(:Action)-[:DECLARES_OVERLAP]->(p) }
RETURN p.code AS from_priority, q.code AS to_priority, declared_actions AS declared_actions,
  CASE
    WHEN EXISTS { (q)<-[:BELONGS_TO]-(:OAP) } THEN 'one-sided'
    ELSE 'not checked: no OAP of ' + q.code + ' loaded'
  END AS status
  ORDER BY from_priority, to_priority
