// name: read_dataset_priorities
// Every priority, as the priorities table of a dataset.
//
// Parameters: none
// Returns: code, name, aliases (list of string), cycle, source
// Order: as loaded (time of the last load that wrote it, then position in that load's table), then by key
// Mode: read (overlapgraph.store.read_dataset_from_neo4j; the Dataset the files give)
MATCH (p:Priority)
OPTIONAL MATCH (l:Load {load_id: p.load_id})
RETURN p.code AS code, p.name AS name, p.aliases AS aliases, p.cycle AS cycle, p.source AS source
ORDER BY l.loaded_at, p.load_seq, code
