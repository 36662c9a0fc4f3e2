// name: read_dataset_oap_actors
// Every actor's role on an OAP, as the oap_actors table (role from the relationship type).
//
// Parameters: none
// Returns: oap_id, actor, rel (DRIVES, CO_DRIVES, ACTOR_IN or PARTNER_OF), source
// Order: as loaded (time of the last load of its OAP, then position in that load's table), then by key
// Mode: read (overlapgraph.store.read_dataset_from_neo4j; the Dataset the files give)
MATCH (o:OAP)
OPTIONAL MATCH (l:Load {load_id: o.load_id})
WITH o, l.loaded_at AS loaded_at
MATCH (x:Actor)-[r:DRIVES|CO_DRIVES|ACTOR_IN|PARTNER_OF]->(o)
RETURN o.oap_id AS oap_id, x.code AS actor, type(r) AS rel, r.source AS source
ORDER BY loaded_at, r.load_seq, oap_id, actor, rel
