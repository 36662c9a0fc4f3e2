// name: strong_synergies
// Priority pairs whose action sets (own actions plus actions declared towards them) overlap with an
// unweighted Jaccard similarity of at least a threshold (the analysis' "declared" evidence, weighting none).
//
// Parameters:
//   $min_jaccard  float, the least Jaccard similarity, between 0 and 1, e.g. 0.5
// Returns: priority_a (string), priority_b (string), shared_actions (integer), jaccard (float)
// Mode: read
MATCH (p:Priority)
WITH p, COLLECT {
    MATCH (p)<-[:BELONGS_TO]-(:OAP)-[:HAS_ACTION]->(a:Action)
    RETURN a.action_id AS id
  UNION
    MATCH (a:Action)-[:DECLARES_OVERLAP]->(p)
    RETURN a.action_id AS id
  } AS acts
WHERE size(acts) > 0
WITH collect({code: p.code, acts: acts}) AS sets
UNWIND sets AS x
UNWIND sets AS y
WITH x, y
WHERE x.code < y.code
WITH x, y, size([i IN x.acts WHERE i IN y.acts]) AS shared
WHERE shared > 0
WITH x.code AS priority_a, y.code AS priority_b, shared,
  toFloat(shared) / (size(x.acts) + size(y.acts) - shared) AS jaccard
WHERE jaccard >= $min_jaccard
RETURN priority_a AS priority_a, priority_b AS priority_b, shared AS shared_actions,
  round(jaccard, 4) AS jaccard
  ORDER BY shared_actions DESC, jaccard DESC, priority_a, priority_b
