// name: synergies_by_score
// Priority pairs by synergy score, as the synergy table of the report ranks them, read from the
// SYNERGY relationships the analysis wrote back (load, analyse --write): the same numbers, same names.
//
// Parameters:
//   $period     string, optional: a period, e.g. "2023" (left out: every period)
//   $min_score  float, the least score, between 0 and 1, e.g. 0.1
// Returns: period (string), rank (integer), priority_a (string), priority_b (string), score (float),
//   status (string), declared_count (integer), co_named_count (integer), actors_count (integer),
//   goals_count (integer), reason (string)
// Mode: read
MATCH (a:Priority)-[s:SYNERGY]->(b:Priority)
WHERE ($period IS NULL OR s.period = $period) AND s.score >= $min_score
RETURN s.period AS period, s.rank AS rank, a.code AS priority_a, b.code AS priority_b, s.score AS score,
  s.status AS status, s.declared_count AS declared_count, s.co_named_count AS co_named_count,
  s.actors_count AS actors_count, s.goals_count AS goals_count, s.reason AS reason
  ORDER BY period, score DESC, rank
