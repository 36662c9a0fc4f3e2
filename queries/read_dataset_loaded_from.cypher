// name: read_dataset_loaded_from
// The datasets the OAPs and priorities in the database were loaded from: the loaded_from of the Load
// node of the last load that wrote each.
//
// Parameters: none
// Returns: loaded_from (string), one row per distinct value
// Mode: read (overlapgraph.store.read_dataset_from_neo4j; the Dataset the files give)
MATCH (n:OAP|Priority)
MATCH (l:Load {load_id: n.load_id})
WHERE l.loaded_from IS NOT NULL
RETURN DISTINCT l.loaded_from AS loaded_from
ORDER BY loaded_from
