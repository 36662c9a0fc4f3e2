// name: shortest_paths_between_priorities
// All shortest paths (at most 8 steps, any direction) between two priorities through the data of one
// period (not through the analysis written back: SYNERGY, DECLARES, IN_PERIOD), as node and
// relationship lists. Every OAP and action on a path is of its period: periods are never mixed.
//
// Parameters:
//   $from_priority  string, a priority code, e.g. "MS"
//   $to_priority    string, another priority code, e.g. "CSE"
//   $period         string, optional: a period, e.g. "2022" (left out: every period, each on its rows)
// Returns: period (string), hops (integer), nodes (list<string>), relationships (list<string>)
// Mode: read
MATCH (o:OAP)
WITH DISTINCT o.period AS period
WHERE $period IS NULL OR period = $period
MATCH (a:Priority {code: $from_priority})
MATCH (b:Priority {code: $to_priority})
WHERE a <> b
MATCH path = allShortestPaths(
  (a)-[:BELONGS_TO|HAS_ACTION|DECLARES_OVERLAP|SERVES|SPECIFIC_TO|LEADS|CO_LEADS|PARTICIPATES_IN|DRIVES|CO_DRIVES|ACTOR_IN|PARTNER_OF*..8]-(b)
)
WHERE all(n IN nodes(path) WHERE n.period IS NULL OR n.period = period)
WITH period, path,
  [n IN nodes(path) | labels(n)[0] + ':' + coalesce(n.action_id, n.oap_id, n.goal_id, n.code)] AS nodes
RETURN period AS period, length(path) AS hops, nodes AS nodes,
  [r IN relationships(path) | type(r)] AS relationships
  ORDER BY period, nodes
