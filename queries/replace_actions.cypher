// name: replace_actions
// Delete the actions of the given OAPs that the dataset being loaded no longer has (with their relationships).
//
// Parameters:
//   $oap_ids     list of string, the OAPs of the dataset being loaded
//   $action_ids  list of string, every action of the dataset being loaded
// Returns: nothing (the loader reads the counters)
// Mode: write (used by load --replace, in the load's transaction)
MATCH (a:Action)
WHERE a.oap_id IN $oap_ids AND NOT a.action_id IN $action_ids
DETACH DELETE a
