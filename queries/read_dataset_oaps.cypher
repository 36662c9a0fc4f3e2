// name: read_dataset_oaps
// Every OAP, as the oaps table of a dataset.
//
// Parameters: none
// Returns: oap_id, priority, period, document, date, previous_document, title, stated_actions, source
// Order: as loaded (time of the last load that wrote it, then position in that load's table), then by key
// Mode: read (overlapgraph.store.read_dataset_from_neo4j; the Dataset the files give)
MATCH (o:OAP)
OPTIONAL MATCH (l:Load {load_id: o.load_id})
RETURN o.oap_id AS oap_id, o.priority AS priority, o.period AS period, o.document AS document,
       o.date AS date, o.previous_document AS previous_document, o.title AS title,
       o.stated_actions AS stated_actions, o.source AS source
ORDER BY l.loaded_at, o.load_seq, oap_id
