// name: load_overlaps
// Merge an action's declared overlap with another priority (DECLARES_OVERLAP), one batch.
//
// Parameters:
//   $rows         list of maps {action_id: string, target_priority: string, note: string or null, source: string or null,
//                 period: string (the OAP's), load_seq: integer}
//                 (load_seq: the record's position in its table, kept so that a read-back keeps the order)
// Returns: nothing (the loader reads the counters)
// Mode: write, idempotent (MERGE between nodes matched on unique keys)
UNWIND $rows AS row
MATCH (a:Action {action_id: row.action_id})
MATCH (p:Priority {code: row.target_priority})
MERGE (a)-[r:DECLARES_OVERLAP]->(p)
SET r.note = row.note, r.source = row.source, r.period = row.period, r.load_seq = row.load_seq
