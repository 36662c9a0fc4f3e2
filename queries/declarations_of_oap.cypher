// name: declarations_of_oap
// The overlaps one OAP declares (its section 2.2): each action and the priority it is declared towards.
//
// Parameters:
//   $oap_id  string, an OAP id, e.g. "THB-2022"
// Returns: code (string), target_priority (string), target_name (string), note (string)
// Mode: read
MATCH (:OAP {oap_id: $oap_id})-[:HAS_ACTION]->(a:Action)-[d:DECLARES_OVERLAP]->(t:Priority)
RETURN a.code AS code, t.code AS target_priority, t.name AS target_name, d.note AS note
  ORDER BY toInteger(split(code, '.')[0]), toInteger(split(code, '.')[1]), target_priority
