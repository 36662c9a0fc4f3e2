// name: schema
// Constraints and indexes of the overlapgraph model; safe to run again (IF NOT EXISTS).
// Several statements separated by ";" (the loader runs them one by one, each on its own).
//
// Parameters: none
// Returns: nothing
// Mode: schema, idempotent
CREATE CONSTRAINT priority_code IF NOT EXISTS
FOR (n:Priority) REQUIRE n.code IS UNIQUE;

CREATE CONSTRAINT oap_oap_id IF NOT EXISTS
FOR (n:OAP) REQUIRE n.oap_id IS UNIQUE;

CREATE CONSTRAINT goal_goal_id IF NOT EXISTS
FOR (n:Goal) REQUIRE n.goal_id IS UNIQUE;

CREATE CONSTRAINT action_action_id IF NOT EXISTS
FOR (n:Action) REQUIRE n.action_id IS UNIQUE;

CREATE CONSTRAINT actor_code IF NOT EXISTS
FOR (n:Actor) REQUIRE n.code IS UNIQUE;

CREATE CONSTRAINT load_load_id IF NOT EXISTS
FOR (n:Load) REQUIRE n.load_id IS UNIQUE;

CREATE INDEX action_oap_id_code IF NOT EXISTS
FOR (n:Action) ON (n.oap_id, n.code);

CREATE CONSTRAINT analysis_period IF NOT EXISTS
FOR (n:Analysis) REQUIRE n.period IS UNIQUE;

CREATE CONSTRAINT priority_in_period IF NOT EXISTS
FOR (n:PriorityInPeriod) REQUIRE (n.code, n.period) IS UNIQUE;

CREATE INDEX synergy_period IF NOT EXISTS
FOR ()-[r:SYNERGY]-() ON (r.period);

CREATE INDEX declares_period IF NOT EXISTS
FOR ()-[r:DECLARES]-() ON (r.period);

CREATE INDEX action_period IF NOT EXISTS
FOR (n:Action) ON (n.period);
