// name: actors_in_many_priorities
// Actors active in at least a given number of priorities, through action roles (leader, co-leader,
// participant) and, if asked, OAP roles (driver, co-driver, relevant actor, partner).
//
// Parameters:
//   $min_priorities    int, the least number of priorities, e.g. 2
//   $include_oap_roles  bool, also count roles on whole OAPs (true) or only roles on actions (false)
// Returns: actor (string), name (string), kind (string), priority_count (integer),
//   priorities (list<string>)
// Mode: read
MATCH (ac:Actor)-[r:LEADS|CO_LEADS|PARTICIPATES_IN|DRIVES|CO_DRIVES|ACTOR_IN|PARTNER_OF]->(n)
WHERE $include_oap_roles OR n:Action
MATCH (n)<-[:HAS_ACTION*0..1]-(:OAP)-[:BELONGS_TO]->(p:Priority)
WITH DISTINCT ac, p
  ORDER BY p.code
WITH ac, collect(p.code) AS priorities
WHERE size(priorities) >= $min_priorities
RETURN ac.code AS actor, ac.name AS name, ac.kind AS kind, size(priorities) AS priority_count,
  priorities AS priorities
  ORDER BY priority_count DESC, actor
