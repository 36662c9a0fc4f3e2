// name: load_provenance
// Create the Load node of one load: its id, when it started and the dataset it loaded, the provenance
// that is the same for every record of the load, stored once (the records' nodes name it by load_id).
//
// Parameters:
//   $load_id      string, the id of this load (12 hex digits)
//   $loaded_at    datetime, when this load started
//   $loaded_from  string, the dataset loaded (a folder, workbook or documents)
// Returns: nothing (the loader runs it first in the load's transaction)
// Mode: write (Load.load_id is unique in schema.cypher)
CREATE (l:Load)
SET l.load_id = $load_id, l.loaded_at = $loaded_at, l.loaded_from = $loaded_from
