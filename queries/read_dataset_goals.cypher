// name: read_dataset_goals
// Every strategic goal, as the goals table of a dataset.
//
// Parameters: none
// Returns: goal_id, number, label, title, priority, source
// Order: as loaded (time of the last load that wrote it, then position in that load's table), then by key
// Mode: read (overlapgraph.store.read_dataset_from_neo4j; the Dataset the files give)
MATCH (g:Goal)
OPTIONAL MATCH (l:Load {load_id: g.load_id})
RETURN g.goal_id AS goal_id, g.number AS number, g.label AS label, g.title AS title,
       g.priority AS priority, g.source AS source
ORDER BY l.loaded_at, g.load_seq, goal_id
