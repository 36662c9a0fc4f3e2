// name: load_oaps
// Merge OAP nodes on oap_id, set their fields, and link each to its priority (BELONGS_TO), one batch.
//
// Parameters:
//   $rows         list of maps {oap_id: string, priority: string, period: string, document: string,
//                 date: string, previous_document: string, title: string,
//                 stated_actions: integer or null, source: string, load_seq: integer}
//                 (load_seq: the record's position in its table, kept so that a read-back keeps the order)
//   $load_id      string, the id of this load (its Load node holds when and what was loaded)
// Returns: nothing (the loader reads the counters)
// Mode: write, idempotent (MERGE on OAP.oap_id, unique in schema.cypher)
UNWIND $rows AS row
MATCH (p:Priority {code: row.priority})
MERGE (o:OAP {oap_id: row.oap_id})
SET o += row, o.load_id = $load_id
MERGE (o)-[r:BELONGS_TO]->(p)
SET r.source = row.source, r.period = row.period
