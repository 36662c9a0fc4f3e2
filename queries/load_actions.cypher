// name: load_actions
// Merge Action nodes on action_id, link them to their OAP (HAS_ACTION) and goal (SERVES), one batch.
//
// Parameters:
//   $rows         list of maps {action_id: string, oap_id: string, code: string, goal_id: string,
//                 title: string or null, source: string or null,
//                 period: string (the OAP's), load_seq: integer}
//                 (load_seq: the record's position in its table, kept so that a read-back keeps the order)
// Returns: nothing (the loader reads the counters)
// Mode: write, idempotent (MERGE on Action.action_id, unique in schema.cypher)
UNWIND $rows AS row
MATCH (o:OAP {oap_id: row.oap_id})
MATCH (g:Goal {goal_id: row.goal_id})
MERGE (a:Action {action_id: row.action_id})
SET a += row
MERGE (o)-[h:HAS_ACTION]->(a)
SET h.source = row.source, h.period = row.period
MERGE (a)-[s:SERVES]->(g)
SET s.source = row.source, s.period = row.period
