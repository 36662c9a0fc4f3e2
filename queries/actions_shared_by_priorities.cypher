// name: actions_shared_by_priorities
// The actions that link two priorities: each belongs to one and is declared towards the other, or is
// declared by a third OAP towards both; with title, period and leaders.
//
// Parameters:
//   $priority_a  string, a priority code, e.g. "MS"
//   $priority_b  string, another priority code, e.g. "CFMLAR"
//   $period      string, optional: a period, e.g. "2022" (left out: every period)
// Returns: action_id (string), oap_id (string), period (string), code (string), own_priority (string),
//   goal_id (string), title (string), leaders (list<string>, its leaders and co-leaders)
// Mode: read
MATCH (pa:Priority {code: $priority_a})
MATCH (pb:Priority {code: $priority_b})
MATCH (own:Priority)<-[:BELONGS_TO]-(o:OAP)-[:HAS_ACTION]->(a:Action)
WHERE (own = pa OR (a)-[:DECLARES_OVERLAP]->(pa))
  AND (own = pb OR (a)-[:DECLARES_OVERLAP]->(pb))
  AND pa <> pb
  AND ($period IS NULL OR o.period = $period)
OPTIONAL MATCH (x:Actor)-[:LEADS|CO_LEADS]->(a)
WITH o, a, own, x
  ORDER BY x.code
WITH o, a, own, collect(x.code) AS leaders
RETURN a.action_id AS action_id, o.oap_id AS oap_id, o.period AS period, a.code AS code,
  own.code AS own_priority, a.goal_id AS goal_id, a.title AS title, leaders AS leaders
  ORDER BY oap_id, toInteger(split(code, '.')[0]), toInteger(split(code, '.')[1])
