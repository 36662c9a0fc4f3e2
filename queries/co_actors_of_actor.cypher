// name: co_actors_of_actor
// The actors who work with one actor in a period: those with a role on the same OAPs or actions, most
// shared first.
//
// Parameters:
//   $actor   string, an actor code, e.g. "NL"
//   $period  string, optional: a period, e.g. "2022" (left out: every period, each on its rows)
// Returns: period (string), co_actor (string), name (string), kind (string), shared (integer),
//   shared_with (list<string>)
// Mode: read
MATCH (ac:Actor {code: $actor})-[:LEADS|CO_LEADS|PARTICIPATES_IN|DRIVES|CO_DRIVES|ACTOR_IN|PARTNER_OF]->(n)
WHERE $period IS NULL OR n.period = $period
MATCH (n)<-[:LEADS|CO_LEADS|PARTICIPATES_IN|DRIVES|CO_DRIVES|ACTOR_IN|PARTNER_OF]-(other:Actor)
WHERE other <> ac
WITH DISTINCT n.period AS period, other, coalesce(n.action_id, n.oap_id) AS via
  ORDER BY via
WITH period, other, collect(via) AS shared_with
RETURN period AS period, other.code AS co_actor, other.name AS name, other.kind AS kind,
  size(shared_with) AS shared, shared_with AS shared_with
  ORDER BY period, shared DESC, co_actor
