// name: load_oap_actors
// Merge an actor's role on an OAP: DRIVES, CO_DRIVES, ACTOR_IN or PARTNER_OF, one batch.
//
// Parameters:
//   $rows         list of maps {oap_id: string, actor: string,
//                 rel: "DRIVES" | "CO_DRIVES" | "ACTOR_IN" | "PARTNER_OF", source: string or null,
//                 period: string (the OAP's), load_seq: integer}
//                 (load_seq: the record's position in its table, kept so that a read-back keeps the order)
// Returns: nothing (the loader reads the counters)
// Mode: write, idempotent (MERGE between nodes matched on unique keys; one relationship per type)
UNWIND $rows AS row
MATCH (x:Actor {code: row.actor})
MATCH (o:OAP {oap_id: row.oap_id})
FOREACH (_ IN CASE WHEN row.rel = 'DRIVES' THEN [1] ELSE [] END |
  MERGE (x)-[r:DRIVES]->(o)
  SET r.source = row.source, r.period = row.period, r.load_seq = row.load_seq
)
FOREACH (_ IN CASE WHEN row.rel = 'CO_DRIVES' THEN [1] ELSE [] END |
  MERGE (x)-[r:CO_DRIVES]->(o)
  SET r.source = row.source, r.period = row.period, r.load_seq = row.load_seq
)
FOREACH (_ IN CASE WHEN row.rel = 'ACTOR_IN' THEN [1] ELSE [] END |
  MERGE (x)-[r:ACTOR_IN]->(o)
  SET r.source = row.source, r.period = row.period, r.load_seq = row.load_seq
)
FOREACH (_ IN CASE WHEN row.rel = 'PARTNER_OF' THEN [1] ELSE [] END |
  MERGE (x)-[r:PARTNER_OF]->(o)
  SET r.source = row.source, r.period = row.period, r.load_seq = row.load_seq
)
