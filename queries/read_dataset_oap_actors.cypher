// name: read_dataset_oap_actors
// Every actor's role on an OAP, as the oap_actors table (role from the relationship type).
//
// Parameters: none
// Returns: oap_id, actor, rel (DRIVES, CO_DRIVES, ACTOR_IN or PARTNER_OF), source
// Order: as loaded (load time, then position in the dataset's table), then by key
// Mode: read (overlapgraph.store.read_dataset_from_neo4j; the Dataset the files give)
MATCH (x:Actor)-[r:DRIVES|CO_DRIVES|ACTOR_IN|PARTNER_OF]->(o:OAP)
RETURN o.oap_id AS oap_id, x.code AS actor, type(r) AS rel, r.source AS source
ORDER BY r.loaded_at, r.load_seq, oap_id, actor, rel
