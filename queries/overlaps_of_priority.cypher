// name: overlaps_of_priority
// The priorities that share actions with one priority in a period: its own actions declared towards
// them, and actions of other OAPs declared towards it (and towards them), strongest first.
//
// Parameters:
//   $priority  string, a priority code, e.g. "THB"
//   $period    string, optional: a period, e.g. "2022" (left out: every period, each on its rows)
// Returns: period (string), other (string), other_name (string), shared_actions (integer),
//   actions (list<string>)
// Mode: read
MATCH (p:Priority {code: $priority})
MATCH (o:OAP)-[:HAS_ACTION]->(a:Action)
WHERE ((o)-[:BELONGS_TO]->(p) OR (a)-[:DECLARES_OVERLAP]->(p))
  AND ($period IS NULL OR o.period = $period)
MATCH (o)-[:BELONGS_TO]->(own:Priority)
OPTIONAL MATCH (a)-[:DECLARES_OVERLAP]->(t:Priority)
WITH p, o.period AS period, a, own, collect(DISTINCT t) AS targets
UNWIND targets + [own] AS q
WITH DISTINCT p, period, a, q
WHERE q <> p
WITH period, q, a
  ORDER BY a.oap_id, toInteger(split(a.code, '.')[0]), toInteger(split(a.code, '.')[1])
WITH period, q, collect(a.action_id) AS actions
RETURN period AS period, q.code AS other, q.name AS other_name, size(actions) AS shared_actions,
  actions AS actions
  ORDER BY period, shared_actions DESC, other
