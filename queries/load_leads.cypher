// name: load_leads
// Merge actors' LEADS relationships to actions (the leader rows of the participations table), one batch.
// A different role the actor had on the action before is deleted afterwards by replace_changed_roles.
// Each batch seeks its actors and actions once (not once per row), and a row names them by position;
// a key that is not in the graph fails the load (MERGE on a missing node) instead of being skipped.
//
// Parameters:
//   $actors       list of strings, the actor codes of this batch, each once
//   $actions      list of strings, the action ids of this batch, each once
//   $rows         list of maps {x: integer, a: integer, source: string, load_seq: integer}
//                 (x, a: positions in $actors and $actions; load_seq: the record's position in its
//                 table, kept so that a read-back keeps the order)
// Returns: nothing (the loader reads the counters)
// Mode: write, idempotent (MERGE between nodes matched on unique keys)
UNWIND $actors AS code
OPTIONAL MATCH (x:Actor {code: code})
WITH collect([x]) AS xs
UNWIND $actions AS id
OPTIONAL MATCH (a:Action {action_id: id})
WITH xs, collect([a]) AS ys
UNWIND $rows AS row
WITH xs[row.x][0] AS x, ys[row.a][0] AS a, row
MERGE (x)-[r:LEADS]->(a)
SET r.source = row.source, r.load_seq = row.load_seq
