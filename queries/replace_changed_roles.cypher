// name: replace_changed_roles
// Delete an actor's old role on an action when the current load gave it another (one role per action).
//
// Parameters:
//   $action_ids  list of string, the actions whose participations the current load wrote
//   $load_id     string, the id of the current load
// Returns: nothing (the loader reads the counters)
// Mode: write (run by every load after the participations, in the load's transaction)
UNWIND $action_ids AS action_id
MATCH (a:Action {action_id: action_id})<-[old:LEADS|CO_LEADS|PARTICIPATES_IN]-(x:Actor)
WHERE coalesce(old.load_id, '') <> $load_id
  AND EXISTS { (x)-[new:LEADS|CO_LEADS|PARTICIPATES_IN]->(a) WHERE new.load_id = $load_id }
DELETE old
