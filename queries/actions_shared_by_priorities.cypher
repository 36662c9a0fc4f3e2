// name: actions_shared_by_priorities
// The actions that link two priorities: each belongs to one and is declared towards the other, or is
// declared by a third OAP towards both.
//
// Parameters:
//   $priority_a  string, a priority code, e.g. "MS"
//   $priority_b  string, another priority code, e.g. "CFMLAR"
// Returns: action_id (string), oap_id (string), code (string), own_priority (string), goal_id (string)
// Mode: read
MATCH (pa:Priority {code: $priority_a})
MATCH (pb:Priority {code: $priority_b})
MATCH (own:Priority)<-[:BELONGS_TO]-(o:OAP)-[:HAS_ACTION]->(a:Action)
WHERE (own = pa OR (a)-[:DECLARES_OVERLAP]->(pa))
  AND (own = pb OR (a)-[:DECLARES_OVERLAP]->(pb))
  AND pa <> pb
RETURN a.action_id AS action_id, o.oap_id AS oap_id, a.code AS code, own.code AS own_priority,
  a.goal_id AS goal_id
  ORDER BY oap_id, toInteger(split(code, '.')[0]), toInteger(split(code, '.')[1])
