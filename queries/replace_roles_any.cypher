// name: replace_roles_any
// Whether the database has any leader, co-leader or participant at all, from the count store (the
// graph is not read). When it has none, as in a first load, the loader skips replace_roles_exist,
// which reads every action of the load (0.1 s for 20,000 actions).
//
// Parameters: none
// Returns: any (boolean)
// Mode: read
CALL () {
  MATCH ()-[r:LEADS]->() RETURN count(r) AS n
  UNION ALL
  MATCH ()-[r:CO_LEADS]->() RETURN count(r) AS n
  UNION ALL
  MATCH ()-[r:PARTICIPATES_IN]->() RETURN count(r) AS n
}
RETURN sum(n) > 0 AS any
