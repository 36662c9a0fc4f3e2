// name: actors_in_many_priorities
// Actors active in at least a given number of priorities in one period, through action roles (leader,
// co-leader, participant) and, if asked, OAP roles (driver, co-driver, relevant actor, partner).
//
// Parameters:
//   $min_priorities    int, the least number of priorities, e.g. 2
//   $include_oap_roles  bool, also count roles on whole OAPs (true) or only roles on actions (false)
//   $period            string, optional: a period, e.g. "2022" (left out: every period, each on its rows)
// Returns: period (string), actor (string), name (string), kind (string), priority_count (integer),
//   priorities (list<string>)
// Mode: read
MATCH (ac:Actor)-[r:LEADS|CO_LEADS|PARTICIPATES_IN|DRIVES|CO_DRIVES|ACTOR_IN|PARTNER_OF]->(n)
WHERE ($include_oap_roles OR n:Action) AND ($period IS NULL OR n.period = $period)
MATCH (n)<-[:HAS_ACTION*0..1]-(o:OAP)-[:BELONGS_TO]->(p:Priority)
WITH DISTINCT ac, o.period AS period, p
  ORDER BY p.code
WITH ac, period, collect(p.code) AS priorities
WHERE size(priorities) >= $min_priorities
RETURN period AS period, ac.code AS actor, ac.name AS name, ac.kind AS kind,
  size(priorities) AS priority_count, priorities AS priorities
  ORDER BY period, priority_count DESC, actor
