// name: replace_actions
// Delete the actions of the given OAPs that the current load did not write (with their relationships).
//
// Parameters:
//   $oap_ids   list of string, the OAPs of the dataset being loaded
//   $load_id   string, the id of the current load
// Returns: nothing (the loader reads the counters)
// Mode: write (used by load --replace, in the load's transaction)
MATCH (a:Action)
WHERE a.oap_id IN $oap_ids AND coalesce(a.load_id, '') <> $load_id
DETACH DELETE a
