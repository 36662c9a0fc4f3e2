// name: replace_analysis_period
// Delete the written-back analysis of one period: its SYNERGY and DECLARES relationships, its
// PriorityInPeriod and Analysis nodes (run first in the transaction that writes the period again).
//
// Parameters:
//   $period   string, the period whose analysis is replaced, e.g. "2022"
// Returns: nothing (the writer reads the counters)
// Mode: write (overlapgraph.store.write_analysis, in the period's one transaction)
CALL {
  MATCH (:Priority)-[s:SYNERGY {period: $period}]->(:Priority)
  DELETE s
}
CALL {
  MATCH (:OAP)-[d:DECLARES {period: $period}]->(:Priority)
  DELETE d
}
CALL {
  MATCH (n:PriorityInPeriod {period: $period})
  DETACH DELETE n
}
MATCH (x:Analysis {period: $period})
DETACH DELETE x
