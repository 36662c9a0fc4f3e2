// name: actions_per_goal
// For each strategic goal and OAP, the number of actions serving it and their codes.
//
// Parameters:
//   $period  string, optional: a period, e.g. "2022" (left out: every period)
// Returns: goal_id (string), goal_label (string), goal_title (string), oap_id (string), period (string),
//   actions (integer), codes (list<string>)
// Mode: read
MATCH (g:Goal)<-[:SERVES]-(a:Action)<-[:HAS_ACTION]-(o:OAP)
WHERE $period IS NULL OR o.period = $period
WITH g, o, a
  ORDER BY toInteger(split(a.code, '.')[0]), toInteger(split(a.code, '.')[1])
WITH g, o, collect(a.code) AS codes
RETURN g.goal_id AS goal_id, g.label AS goal_label, g.title AS goal_title, o.oap_id AS oap_id,
  o.period AS period, size(codes) AS actions, codes AS codes
  ORDER BY g.number, goal_id, oap_id
