// name: replace_roles_exist
// Whether any of the given actions has a leader, co-leader or participant already (before a load writes
// its participations): only then can a load change a role, so only then does the loader run
// replace_changed_roles.
//
// Parameters:
//   $action_ids  list of string, the actions whose participations the load is about to write
// Returns: found (boolean)
// Mode: read
UNWIND $action_ids AS action_id
MATCH (:Action {action_id: action_id})<-[:LEADS|CO_LEADS|PARTICIPATES_IN]-(:Actor)
RETURN true AS found
LIMIT 1
