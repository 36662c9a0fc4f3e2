// name: one_sided_declarations
// Declarations from one priority's OAP towards another that no OAP of the other for an overlapping
// period returns, and those that cannot be checked because no such OAP is loaded. Each OAP is compared
// with OAPs of overlapping periods only (as the in-memory analysis does): a 2022 declaration is never
// judged against 2023 data.
//
// Parameters: none
// Returns: from_priority (string), period (string, of the declaring OAP), to_priority (string),
//   declared_actions (integer), status (string)
// Mode: read
MATCH (p:Priority)<-[:BELONGS_TO]-(o:OAP)-[:HAS_ACTION]->(a:Action)-[:DECLARES_OVERLAP]->(q:Priority)
WITH p, o, q, count(DISTINCT a) AS declared_actions,
  toInteger(split(o.period, '-')[0]) AS first, toInteger(last(split(o.period, '-'))) AS final
OPTIONAL MATCH (q)<-[:BELONGS_TO]-(peer:OAP)
  WHERE toInteger(split(peer.period, '-')[0]) <= final AND first <= toInteger(last(split(peer.period, '-')))
WITH p, o, q, declared_actions, collect(peer) AS peers
WHERE NONE(peer IN peers WHERE EXISTS { (peer)-[:HAS_ACTION]->(:Action)-[:DECLARES_OVERLAP]->(p) })
RETURN p.code AS from_priority, o.period AS period, q.code AS to_priority,
  declared_actions AS declared_actions,
  CASE
    WHEN size(peers) > 0 THEN 'one-sided'
    ELSE 'not checked: no OAP of ' + q.code + ' for ' + o.period + ' loaded'
  END AS status
  ORDER BY from_priority, period, to_priority
