// name: load_analysis_declarations
// Create one DECLARES relationship per OAP and priority it declares overlaps towards, with the
// reciprocity of the declaration (reciprocated, one-sided or unchecked), for one period.
//
// Parameters:
//   $rows     list of maps {oap_id: string, target: string, props: map} (props: period, status,
//             actions (the declaring action codes), target_oaps, back_actions)
// Returns: nothing (the writer reads the counters)
// Mode: write (overlapgraph.store.write_analysis, after replace_analysis_period)
UNWIND $rows AS row
MATCH (o:OAP {oap_id: row.oap_id})
MATCH (t:Priority {code: row.target})
CREATE (o)-[d:DECLARES]->(t)
SET d = row.props
