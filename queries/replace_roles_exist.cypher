// name: replace_roles_exist
// Whether any of the given actions has a leader, co-leader or participant already (before a load writes
// its participations): only then can a load change a role, so only then does the loader run
// replace_changed_roles.
// The index hint matters: with LIMIT 1 the planner otherwise scans the whole index for every id
// (400 million rows for 20,000 actions, 40 s).
//
// Parameters:
//   $action_ids  list of string, the actions whose participations the load is about to write
// Returns: found (boolean)
// Mode: read
UNWIND $action_ids AS action_id
MATCH (a:Action {action_id: action_id})
  USING INDEX a:Action(action_id)
MATCH (a)<-[:LEADS|CO_LEADS|PARTICIPATES_IN]-(:Actor)
RETURN true AS found
LIMIT 1
