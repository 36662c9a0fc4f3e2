// name: read_dataset_actions
// Every operational action, as the actions table of a dataset.
//
// Parameters: none
// Returns: oap_id, code, goal_id, title, source
// Order: as loaded (time of the last load of its OAP, then position in that load's table), then by key
// Mode: read (overlapgraph.store.read_dataset_from_neo4j; the Dataset the files give)
MATCH (o:OAP)
OPTIONAL MATCH (l:Load {load_id: o.load_id})
WITH o, l.loaded_at AS loaded_at
MATCH (o)-[:HAS_ACTION]->(a:Action)
RETURN a.oap_id AS oap_id, a.code AS code, a.goal_id AS goal_id, a.title AS title, a.source AS source
ORDER BY loaded_at, a.load_seq, oap_id, code
