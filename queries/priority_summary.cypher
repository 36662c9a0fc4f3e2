// name: priority_summary
// For every priority and period of its cycle: OAPs loaded, their actions, the overlaps they declare and
// those declared towards it in that period.
// A period is one that some loaded OAP has; a priority of unknown cycle belongs to every period.
//
// Parameters:
//   $period  string, optional: a period, e.g. "2022" (left out: every period, each on its rows)
// Returns: period (string), priority (string), name (string), oaps (integer), actions (integer),
//   declared_out (integer), declared_in (integer)
// Mode: read
MATCH (o:OAP)
WITH DISTINCT o.period AS period
WHERE $period IS NULL OR period = $period
MATCH (p:Priority)
WHERE p.cycle IS NULL
  OR toInteger(split(p.cycle, '-')[0]) <= toInteger(split(period, '-')[0]) <= toInteger(split(p.cycle, '-')[-1])
RETURN period AS period, p.code AS priority, p.name AS name,
  COUNT { (p)<-[:BELONGS_TO {period: period}]-(:OAP) } AS oaps,
  COUNT { (p)<-[:BELONGS_TO {period: period}]-(:OAP)-[:HAS_ACTION]->(:Action) } AS actions,
  COUNT { (p)<-[:BELONGS_TO {period: period}]-(:OAP)-[:HAS_ACTION]->(:Action)-[:DECLARES_OVERLAP]->(:Priority) }
    AS declared_out,
  COUNT { (:Action)-[:DECLARES_OVERLAP {period: period}]->(p) } AS declared_in
  ORDER BY period, priority
