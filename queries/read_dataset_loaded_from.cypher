// name: read_dataset_loaded_from
// The datasets the OAPs and priorities in the database were loaded from.
//
// Parameters: none
// Returns: loaded_from (string), one row per distinct value
// Mode: read (overlapgraph.store.read_dataset_from_neo4j; the Dataset the files give)
MATCH (n)
WHERE (n:OAP OR n:Priority) AND n.loaded_from IS NOT NULL
RETURN DISTINCT n.loaded_from AS loaded_from
ORDER BY loaded_from
