// name: load_analysis_synergies
// Create one SYNERGY relationship per priority pair of one period's analysis, from priority_a to
// priority_b (a < b, as the synergy table), its properties the table's row values.
//
// Parameters:
//   $rows     list of maps {a: string, b: string, props: map} (props: period, rank, score, status,
//             declared_a_to_b, declared_b_to_a, <kind>_count, <kind>_jaccard, <kind>_weighted,
//             <kind>_items for the kinds available, reason; a kind not available has no property)
// Returns: nothing (the writer reads the counters)
// Mode: write (overlapgraph.store.write_analysis, after replace_analysis_period)
UNWIND $rows AS row
MATCH (a:Priority {code: row.a})
MATCH (b:Priority {code: row.b})
CREATE (a)-[s:SYNERGY]->(b)
SET s = row.props
