// name: replace_participations
// Delete actors' roles on the given actions that the dataset being loaded no longer has: an actor that
// no longer leads, co-leads or takes part in the action.
//
// Parameters:
//   $rows  list of maps {action_id: string, actors: map} (every action of the dataset's OAPs; actors:
//          actor code -> the relationship type the dataset gives it on the action, e.g. {NL: "LEADS"})
// Returns: nothing (the loader reads the counters)
// Mode: write (used by load --replace, in the load's transaction)
UNWIND $rows AS row
CALL {
  WITH row
  MATCH (a:Action {action_id: row.action_id})
  MATCH (a)<-[r:LEADS|CO_LEADS|PARTICIPATES_IN]-(x:Actor)
  WHERE row.actors[x.code] IS NULL
  DELETE r
}
