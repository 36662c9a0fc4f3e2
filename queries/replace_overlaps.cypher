// name: replace_overlaps
// Delete declared overlaps of actions of the given OAPs that the current load did not write.
//
// Parameters:
//   $oap_ids   list of string, the OAPs of the dataset being loaded
//   $load_id   string, the id of the current load
// Returns: nothing (the loader reads the counters)
// Mode: write (used by load --replace, in the load's transaction)
MATCH (o:OAP)-[:HAS_ACTION]->(:Action)-[r:DECLARES_OVERLAP]->(:Priority)
WHERE o.oap_id IN $oap_ids AND coalesce(r.load_id, '') <> $load_id
DELETE r
