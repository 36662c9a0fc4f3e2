// name: replace_clear_database
// Delete every node and relationship of the database (constraints and indexes stay).
//
// Parameters: none
// Returns: deleted (integer), the number of nodes deleted
// Mode: write, destructive (tests and full resets; `load --replace` does not use it)
MATCH (n)
DETACH DELETE n
RETURN count(n) AS deleted
