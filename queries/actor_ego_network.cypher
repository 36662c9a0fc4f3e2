// name: actor_ego_network
// Everything one actor does: its roles on OAPs and actions, with the period, OAP and priority of each.
//
// Parameters:
//   $actor   string, an actor code, e.g. "NL" or "EUROPOL"
//   $period  string, optional: a period, e.g. "2022" (left out: every period)
// Returns: period (string), relationship (string), kind (string), target (string), oap_id (string),
//   priority (string)
// Mode: read
MATCH (ac:Actor {code: $actor})-[r:LEADS|CO_LEADS|PARTICIPATES_IN|DRIVES|CO_DRIVES|ACTOR_IN|PARTNER_OF]->(n)
WHERE $period IS NULL OR n.period = $period
MATCH (n)<-[:HAS_ACTION*0..1]-(o:OAP)-[:BELONGS_TO]->(p:Priority)
RETURN o.period AS period, type(r) AS relationship, labels(n)[0] AS kind,
  coalesce(n.action_id, n.oap_id) AS target, o.oap_id AS oap_id, p.code AS priority
  ORDER BY period, priority, oap_id, target, relationship
