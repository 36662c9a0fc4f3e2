// name: priorities_without_oap
// Priorities with no OAP loaded, and how many declared overlaps point at them (declarations towards
// them cannot be checked for reciprocity).
//
// Parameters: none
// Returns: priority (string), name (string), declared_in (integer)
// Mode: read
MATCH (p:Priority)
WHERE NOT EXISTS { (p)<-[:BELONGS_TO]-(:OAP) }
RETURN p.code AS priority, p.name AS name, COUNT { (:Action)-[:DECLARES_OVERLAP]->(p) } AS declared_in
  ORDER BY declared_in DESC, priority
