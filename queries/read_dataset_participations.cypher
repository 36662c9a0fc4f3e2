// name: read_dataset_participations
// Every actor's role on an action, as the participations table (role from the type).
//
// Parameters: none
// Returns: oap_id, action_code, actor, rel (LEADS, CO_LEADS or PARTICIPATES_IN), source
// Order: as loaded (time of the last load of its OAP, then position in that load's table), then by key
// Mode: read (overlapgraph.store.read_dataset_from_neo4j; the Dataset the files give)
MATCH (o:OAP)
OPTIONAL MATCH (l:Load {load_id: o.load_id})
WITH o, l.loaded_at AS loaded_at
MATCH (o)-[:HAS_ACTION]->(a:Action)<-[r:LEADS|CO_LEADS|PARTICIPATES_IN]-(x:Actor)
RETURN a.oap_id AS oap_id, a.code AS action_code, x.code AS actor, type(r) AS rel, r.source AS source
ORDER BY loaded_at, r.load_seq, oap_id, action_code, actor
