// name: replace_oap_actors
// Delete actors' roles on the given OAPs (driver, co-driver...) that the dataset being loaded no longer has.
//
// Parameters:
//   $rows  list of maps {oap_id: string, actors: map} (every OAP of the dataset; actors: actor code ->
//          list of the relationship types the dataset gives it on the OAP, e.g. {NL: ["DRIVES"]})
// Returns: nothing (the loader reads the counters)
// Mode: write (used by load --replace, in the load's transaction)
UNWIND $rows AS row
CALL {
  WITH row
  MATCH (o:OAP {oap_id: row.oap_id})
  MATCH (o)<-[r:DRIVES|CO_DRIVES|ACTOR_IN|PARTNER_OF]-(x:Actor)
  WHERE NOT type(r) IN coalesce(row.actors[x.code], [])
  DELETE r
}
