// name: read_dataset_overlaps
// Every declared overlap, as the overlaps table of a dataset.
//
// Parameters: none
// Returns: oap_id, action_code, target_priority, note, source
// Order: as loaded (time of the last load of its OAP, then position in that load's table), then by key
// Mode: read (overlapgraph.store.read_dataset_from_neo4j; the Dataset the files give)
MATCH (o:OAP)
OPTIONAL MATCH (l:Load {load_id: o.load_id})
WITH o, l.loaded_at AS loaded_at
MATCH (o)-[:HAS_ACTION]->(a:Action)-[r:DECLARES_OVERLAP]->(p:Priority)
RETURN a.oap_id AS oap_id, a.code AS action_code, p.code AS target_priority, r.note AS note,
       r.source AS source
ORDER BY loaded_at, r.load_seq, oap_id, action_code, target_priority
