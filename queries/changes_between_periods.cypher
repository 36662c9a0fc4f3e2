// name: changes_between_periods
// What changed in one priority's actions between two periods: actions added, removed, kept or
// kept with other declarations ('declarations changed'), by code, with the priorities each was
// declared towards before and after.
//
// Parameters:
//   $priority     string, a priority code, e.g. "THB"
//   $from_period  string, the earlier period, e.g. "2022"
//   $to_period    string, the later period, e.g. "2023"
// Returns: code (string), change (string), declared_before (list<string>), declared_after (list<string>)
// Mode: read
MATCH (:Priority {code: $priority})<-[:BELONGS_TO]-(o:OAP)-[:HAS_ACTION]->(a:Action)
WHERE o.period IN [$from_period, $to_period]
OPTIONAL MATCH (a)-[:DECLARES_OVERLAP]->(t:Priority)
WITH o, a, t
  ORDER BY t.code
WITH o.period AS period, a.code AS code, collect(t.code) AS targets
WITH code, collect({period: period, targets: targets}) AS seen
WITH code, [s IN seen WHERE s.period = $from_period][0] AS before,
  [s IN seen WHERE s.period = $to_period][0] AS after
RETURN code AS code,
  CASE
    WHEN before IS NULL THEN 'added'
    WHEN after IS NULL THEN 'removed'
    WHEN before.targets <> after.targets THEN 'declarations changed'
    ELSE 'kept'
  END AS change,
  coalesce(before.targets, []) AS declared_before, coalesce(after.targets, []) AS declared_after
  ORDER BY toInteger(split(code, '.')[0]), toInteger(split(code, '.')[1])
