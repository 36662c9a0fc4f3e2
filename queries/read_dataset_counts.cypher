// name: read_dataset_counts
// Number of nodes per label and of relationships per type in the whole database.
//
// Parameters: none
// Returns: name (a label or relationship type), n (integer)
// Mode: read
MATCH (n)
UNWIND labels(n) AS name
RETURN name, count(*) AS n
UNION ALL
MATCH ()-[r]->()
RETURN type(r) AS name, count(*) AS n
