// name: replace_roles_exist
// Whether any of the given actions has a leader, co-leader or participant already (before a load writes
// its participations): only then can a load change a role, so only then does the loader run
// replace_changed_roles.
// The form matters: `UNWIND $action_ids ... {action_id: action_id}` with LIMIT 1 was planned as a
// scan of the whole index for every id (400 million rows for 20,000 actions, 40 s); an IN list on
// the indexed key with the hint is one multi-value index seek (tests/test_store_plans.py).
//
// Parameters:
//   $action_ids  list of string, the actions whose participations the load is about to write
// Returns: found (boolean)
// Mode: read
MATCH (a:Action)
  USING INDEX a:Action(action_id)
WHERE a.action_id IN $action_ids
MATCH (a)<-[:LEADS|CO_LEADS|PARTICIPATES_IN]-(:Actor)
RETURN true AS found
LIMIT 1
