// name: actors_of_oap
// The actors of one OAP and their roles on it (driver, co-driver, relevant actor, partner).
//
// Parameters:
//   $oap_id  string, an OAP id, e.g. "THB-2022"
// Returns: actor (string), name (string), kind (string), roles (list<string>)
// Mode: read
MATCH (ac:Actor)-[r:DRIVES|CO_DRIVES|ACTOR_IN|PARTNER_OF]->(:OAP {oap_id: $oap_id})
WITH ac, type(r) AS role
  ORDER BY role
WITH ac, collect(role) AS roles
RETURN ac.code AS actor, ac.name AS name, ac.kind AS kind, roles AS roles
  ORDER BY actor
