// name: load_leads
// Merge actors' LEADS relationships to actions (the leader rows of the participations table), one batch.
// A different role the actor had on the action before is deleted afterwards by replace_changed_roles.
//
// Parameters:
//   $rows         list of maps {action_id: string, actor: string, source: string, load_seq: integer}
//                 (load_seq: the record's position in its table, kept so that a read-back keeps the order)
//   $load_id      string, the id of this load
//   $loaded_at    datetime, when this load started
// Returns: nothing (the loader reads the counters)
// Mode: write, idempotent (MERGE between nodes matched on unique keys)
UNWIND $rows AS row
MATCH (x:Actor {code: row.actor})
MATCH (a:Action {action_id: row.action_id})
MERGE (x)-[r:LEADS]->(a)
SET r.source = row.source, r.load_seq = row.load_seq,
    r.load_id = $load_id, r.loaded_at = $loaded_at
