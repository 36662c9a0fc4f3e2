// name: replace_unused_loads
// Delete the Load nodes of earlier loads that no Priority, Actor, Goal or OAP names any more (later
// loads wrote all their records again), so that loading the same input twice leaves one Load node.
//
// Parameters:
//   $load_id   string, the id of the current load (its Load node stays, also when it wrote no node)
// Returns: nothing (the loader runs it last in the load's transaction)
// Mode: write
MATCH (n:Priority|Actor|Goal|OAP)
WITH collect(DISTINCT n.load_id) AS named
MATCH (l:Load)
WHERE l.load_id <> $load_id AND NOT l.load_id IN named
DELETE l
