// name: load_goals
// Merge Goal nodes on goal_id, and SPECIFIC_TO their priority for priority-specific goals, one batch.
//
// Parameters:
//   $rows         list of maps {goal_id: string, number: integer, label: string, title: string,
//                 priority: string or null (null for common goals), source: string, load_seq: integer}
//                 (load_seq: the record's position in its table, kept so that a read-back keeps the order)
//   $load_id      string, the id of this load (its Load node holds when and what was loaded)
// Returns: nothing (the loader reads the counters)
// Mode: write, idempotent (MERGE on Goal.goal_id, unique in schema.cypher)
UNWIND $rows AS row
MERGE (g:Goal {goal_id: row.goal_id})
SET g += row, g.load_id = $load_id
WITH g, row
WHERE row.priority IS NOT NULL
MATCH (p:Priority {code: row.priority})
MERGE (g)-[r:SPECIFIC_TO]->(p)
SET r.source = row.source
