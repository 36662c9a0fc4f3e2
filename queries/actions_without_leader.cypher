// name: actions_without_leader
// Actions with no action leader recorded, and whether they have a co-leader.
//
// Parameters:
//   $period  string, optional: a period, e.g. "2022" (left out: every period)
// Returns: action_id (string), oap_id (string), period (string), code (string), goal_id (string),
//   title (string), has_co_leader (boolean)
// Mode: read
MATCH (o:OAP)-[:HAS_ACTION]->(a:Action)
WHERE ($period IS NULL OR o.period = $period) AND NOT EXISTS { (:Actor)-[:LEADS]->(a) }
RETURN a.action_id AS action_id, o.oap_id AS oap_id, o.period AS period, a.code AS code,
  a.goal_id AS goal_id, a.title AS title,
  EXISTS { (:Actor)-[:CO_LEADS]->(a) } AS has_co_leader
  ORDER BY oap_id, toInteger(split(code, '.')[0]), toInteger(split(code, '.')[1])
