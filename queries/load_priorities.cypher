// name: load_priorities
// Merge Priority nodes on their code and set their fields and load provenance, one batch.
//
// Parameters:
//   $rows         list of maps {code: string, name: string, aliases: list of string, cycle: string, source: string,
//                 load_seq: integer}
//                 (load_seq: the record's position in its table, kept so that a read-back keeps the order)
//   $load_id      string, the id of this load (its Load node holds when and what was loaded)
// Returns: nothing (the loader reads the counters)
// Mode: write, idempotent (MERGE on Priority.code, unique in schema.cypher)
UNWIND $rows AS row
MERGE (p:Priority {code: row.code})
SET p += row, p.load_id = $load_id
