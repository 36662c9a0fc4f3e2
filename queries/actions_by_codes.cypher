// name: actions_by_codes
// Some actions of one OAP, by code, with their goal and the priorities they are declared towards.
//
// Parameters:
//   $oap_id  string, an OAP id, e.g. "THB-2022"
//   $codes   list<string>, action codes, e.g. ["8.3", "9.1"]
// Returns: action_id (string), code (string), goal_id (string), title (string),
//   declared_towards (list<string>)
// Mode: read
MATCH (:OAP {oap_id: $oap_id})-[:HAS_ACTION]->(a:Action)
WHERE a.code IN $codes
OPTIONAL MATCH (a)-[:DECLARES_OVERLAP]->(t:Priority)
WITH a, t
  ORDER BY t.code
WITH a, collect(t.code) AS declared_towards
RETURN a.action_id AS action_id, a.code AS code, a.goal_id AS goal_id, a.title AS title,
  declared_towards AS declared_towards
  ORDER BY toInteger(split(code, '.')[0]), toInteger(split(code, '.')[1])
