// name: replace_overlaps
// Delete the declared overlaps of the given actions that the dataset being loaded no longer has.
//
// Parameters:
//   $rows  list of maps {action_id: string, targets: list of string} (every action of the dataset's
//          OAPs, with the priorities the dataset declares it towards)
// Returns: nothing (the loader reads the counters)
// Mode: write (used by load --replace, in the load's transaction)
UNWIND $rows AS row
CALL {
  WITH row
  MATCH (a:Action {action_id: row.action_id})
  MATCH (a)-[r:DECLARES_OVERLAP]->(p:Priority)
  WHERE NOT p.code IN row.targets
  DELETE r
}
