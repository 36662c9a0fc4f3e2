// name: priority_communities
// The communities of the synergy network per period, as the analysis wrote them back: each with its
// priorities, most central (strength) first.
//
// Parameters:
//   $period  string, optional: a period, e.g. "2023" (left out: every period)
// Returns: period (string), community (integer), size (integer), priorities (list<string>),
//   strengths (list<float>)
// Mode: read
MATCH (p:Priority)-[:IN_PERIOD]->(n:PriorityInPeriod)
WHERE n.community IS NOT NULL AND ($period IS NULL OR n.period = $period)
WITH n, p
  ORDER BY n.strength DESC, p.code
WITH n.period AS period, n.community AS community, collect(p.code) AS priorities,
  collect(n.strength) AS strengths
RETURN period AS period, community AS community, size(priorities) AS size, priorities AS priorities,
  strengths AS strengths
  ORDER BY period, community
