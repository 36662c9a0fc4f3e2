// name: read_dataset_goals
// Every strategic goal, as the goals table of a dataset.
//
// Parameters: none
// Returns: goal_id, number, label, title, priority, source
// Order: as loaded (load time, then position in the dataset's table), then by key
// Mode: read (overlapgraph.store.read_dataset_from_neo4j; the Dataset the files give)
MATCH (g:Goal)
RETURN g.goal_id AS goal_id, g.number AS number, g.label AS label, g.title AS title,
       g.priority AS priority, g.source AS source
ORDER BY g.loaded_at, g.load_seq, goal_id
