// name: replace_oap_actors
// Delete actors' roles on the given OAPs (driver, co-driver...) that the current load did not write.
//
// Parameters:
//   $oap_ids   list of string, the OAPs of the dataset being loaded
//   $load_id   string, the id of the current load
// Returns: nothing (the loader reads the counters)
// Mode: write (used by load --replace, in the load's transaction)
MATCH (:Actor)-[r:DRIVES|CO_DRIVES|ACTOR_IN|PARTNER_OF]->(o:OAP)
WHERE o.oap_id IN $oap_ids AND coalesce(r.load_id, '') <> $load_id
DELETE r
