// name: read_dataset_actors
// Every actor, as the actors table of a dataset.
//
// Parameters: none
// Returns: code, name, kind, source
// Order: as loaded (time of the last load that wrote it, then position in that load's table), then by key
// Mode: read (overlapgraph.store.read_dataset_from_neo4j; the Dataset the files give)
MATCH (a:Actor)
OPTIONAL MATCH (l:Load {load_id: a.load_id})
RETURN a.code AS code, a.name AS name, a.kind AS kind, a.source AS source
ORDER BY l.loaded_at, a.load_seq, code
