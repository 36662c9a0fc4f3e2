// name: actor_ego_network
// Everything one actor does: its roles on OAPs and actions, with the OAP and priority of each.
//
// Parameters:
//   $actor  string, an actor code, e.g. "NL" or "EUROPOL"
// Returns: relationship (string), kind (string), target (string), oap_id (string), priority (string)
// Mode: read
MATCH (ac:Actor {code: $actor})-[r:LEADS|CO_LEADS|PARTICIPATES_IN|DRIVES|CO_DRIVES|ACTOR_IN|PARTNER_OF]->(n)
MATCH (n)<-[:HAS_ACTION*0..1]-(o:OAP)-[:BELONGS_TO]->(p:Priority)
RETURN type(r) AS relationship, labels(n)[0] AS kind, coalesce(n.action_id, n.oap_id) AS target,
  o.oap_id AS oap_id, p.code AS priority
  ORDER BY priority, oap_id, target, relationship
