// name: load_analysis_priorities
// Create the Analysis node of one period and, for each priority, a PriorityInPeriod node linked to
// its Priority (IN_PERIOD) and to the Analysis (OF), holding its structure in the synergy network.
//
// Parameters:
//   $analysis  map, the Analysis node's properties (period, by, weighting, metric, kind weights, seed,
//              modularity, synergies, communities)
//   $rows      list of maps {code: string, props: map} (props: code, period, community (absent when
//              the priority is in no community of two or more), degree, strength, core_number,
//              betweenness)
// Returns: nothing (the writer reads the counters)
// Mode: write (overlapgraph.store.write_analysis, after replace_analysis_period)
CREATE (x:Analysis)
SET x = $analysis
WITH x
UNWIND $rows AS row
MATCH (p:Priority {code: row.code})
CREATE (p)-[:IN_PERIOD]->(n:PriorityInPeriod)-[:OF]->(x)
SET n = row.props
