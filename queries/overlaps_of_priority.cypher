// name: overlaps_of_priority
// The priorities that share actions with one priority: its own actions declared towards them, and
// actions of other OAPs declared towards it (and towards them), strongest first.
//
// Parameters:
//   $priority  string, a priority code, e.g. "THB"
// Returns: other (string), other_name (string), shared_actions (integer), actions (list<string>)
// Mode: read
MATCH (p:Priority {code: $priority})
MATCH (o:OAP)-[:HAS_ACTION]->(a:Action)
WHERE (o)-[:BELONGS_TO]->(p)
   OR (a)-[:DECLARES_OVERLAP]->(p)
MATCH (o)-[:BELONGS_TO]->(own:Priority)
OPTIONAL MATCH (a)-[:DECLARES_OVERLAP]->(t:Priority)
WITH p, a, own, collect(DISTINCT t) AS targets
UNWIND targets + [own] AS q
WITH DISTINCT p, a, q
WHERE q <> p
WITH q, a
  ORDER BY a.oap_id, toInteger(split(a.code, '.')[0]), toInteger(split(a.code, '.')[1])
WITH q, collect(a.action_id) AS actions
RETURN q.code AS other, q.name AS other_name, size(actions) AS shared_actions, actions AS actions
  ORDER BY shared_actions DESC, other
