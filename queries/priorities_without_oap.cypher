// name: priorities_without_oap
// Priorities with no OAP loaded for a period of their cycle, and how many of that period's declared
// overlaps point at them (declarations towards them cannot be checked for reciprocity).
// A period is one that some loaded OAP has; a priority of unknown cycle belongs to every period.
//
// Parameters:
//   $period  string, optional: a period, e.g. "2022" (left out: every period, each on its rows)
// Returns: period (string), priority (string), name (string), declared_in (integer)
// Mode: read
MATCH (o:OAP)
WITH DISTINCT o.period AS period
WHERE $period IS NULL OR period = $period
MATCH (p:Priority)
WHERE (p.cycle IS NULL
    OR toInteger(split(p.cycle, '-')[0]) <= toInteger(split(period, '-')[0]) <= toInteger(split(p.cycle, '-')[-1]))
  AND NOT EXISTS { (p)<-[:BELONGS_TO {period: period}]-(:OAP) }
RETURN period AS period, p.code AS priority, p.name AS name,
  COUNT { (:Action)-[:DECLARES_OVERLAP {period: period}]->(p) } AS declared_in
  ORDER BY period, declared_in DESC, priority
