// name: replace_changed_roles
// Delete an actor's old role on an action when the current load gave it another (one role per action).
// Seeks each action by its key and expands only from it (a few participants), never from an actor:
// hub actors such as Europol take part in most actions.
//
// Parameters:
//   $rows  list of maps {action_id: string, actors: map} (the actions whose participations the load
//          wrote; actors: actor code -> the relationship type the load gave it, e.g. {NL: "LEADS"})
// Returns: nothing (the loader reads the counters)
// Mode: write (run by every load after the participations, in the load's transaction)
UNWIND $rows AS row
CALL {
  WITH row
  MATCH (a:Action {action_id: row.action_id})
  MATCH (a)<-[r:LEADS|CO_LEADS|PARTICIPATES_IN]-(x:Actor)
  WITH r, row.actors[x.code] AS role
  WHERE role IS NOT NULL AND type(r) <> role
  DELETE r
}
