// name: replace_changed_roles
// Delete an actor's old role on an action when the current load gave it another (one role per action).
// Seeks each action by its index (hint) and expands only from it (a few participants), never from an
// actor: hub actors such as Europol take part in most actions. An earlier form of this query took about
// a minute instead of a second on 100,000 rows after a clear-and-reload.
//
// Parameters:
//   $action_ids  list of string, the actions whose participations the current load wrote
//   $load_id     string, the id of the current load
// Returns: nothing (the loader reads the counters)
// Mode: write (run by every load after the participations, in the load's transaction)
MATCH (a:Action)
  USING INDEX a:Action(action_id)
WHERE a.action_id IN $action_ids
MATCH (a)<-[r:LEADS|CO_LEADS|PARTICIPATES_IN]-(x:Actor)
WITH a, x, collect(r) AS roles
WHERE size(roles) > 1 AND any(role IN roles WHERE role.load_id = $load_id)
UNWIND roles AS old
WITH old
WHERE coalesce(old.load_id, '') <> $load_id
DELETE old
