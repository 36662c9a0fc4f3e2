// name: read_dataset_participations
// Every actor's role on an action, as the participations table (role from the type).
//
// Parameters: none
// Returns: oap_id, action_code, actor, rel (LEADS, CO_LEADS or PARTICIPATES_IN), source
// Order: as loaded (load time, then position in the dataset's table), then by key
// Mode: read (overlapgraph.store.read_dataset_from_neo4j; the Dataset the files give)
MATCH (x:Actor)-[r:LEADS|CO_LEADS|PARTICIPATES_IN]->(a:Action)
RETURN a.oap_id AS oap_id, a.code AS action_code, x.code AS actor, type(r) AS rel, r.source AS source
ORDER BY r.loaded_at, r.load_seq, oap_id, action_code, actor
