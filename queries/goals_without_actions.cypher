// name: goals_without_actions
// The goals an OAP could serve (the common goals and those specific to its priority) that none of its
// actions serves.
//
// Parameters:
//   $oap_id  string, an OAP id, e.g. "THB-2022"
// Returns: goal_id (string), goal_label (string), goal_title (string)
// Mode: read
MATCH (o:OAP {oap_id: $oap_id})-[:BELONGS_TO]->(p:Priority)
MATCH (g:Goal)
WHERE (g.priority IS NULL OR (g)-[:SPECIFIC_TO]->(p))
  AND NOT EXISTS { (o)-[:HAS_ACTION]->(:Action)-[:SERVES]->(g) }
RETURN g.goal_id AS goal_id, g.label AS goal_label, g.title AS goal_title
  ORDER BY g.number, goal_id
