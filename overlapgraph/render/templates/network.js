// overlapgraph network page: reads the graph from the JSON block, draws it with vis-network and wires
// search, filters, neighbourhood highlight and the physics switch. All data text reaches the page only
// through textContent, option.text/value and vis-network's plain-text tooltips: never as HTML.
(function () {
  "use strict";
  const data = JSON.parse(document.getElementById("graph-data").textContent);
  const og = { ready: false, firstFrame: null, network: null, nodes: null, edges: null };
  window.overlapgraph = og;
  const DIM = { background: "#EEEEEE", border: "#DDDDDD" };
  const FONT = { color: "#222222" };
  const groupColour = function (n) { return data.groups[n.group].color; };
  const nodes = new vis.DataSet(data.nodes);
  const edges = new vis.DataSet(data.edges);
  const options = {
    autoResize: true,
    physics: {
      enabled: data.physics,
      stabilization: { enabled: data.physics, iterations: 200 },
      barnesHut: { gravitationalConstant: -5000, springLength: 130, avoidOverlap: 0.2 },
    },
    layout: { improvedLayout: data.physics && data.nodes.length <= 150, randomSeed: 7 },
    interaction: {
      hover: true,
      tooltipDelay: 150,
      hideEdgesOnDrag: data.large,
      hideEdgesOnZoom: data.large,
    },
    nodes: { borderWidth: 1, font: { size: 14, face: "sans-serif", color: "#222222" } },
    groups: data.groups,
    edges: { smooth: data.large ? false : { type: "continuous" }, color: { inherit: false } },
  };
  const container = document.getElementById("net");
  const network = new vis.Network(container, { nodes: nodes, edges: edges }, options);
  Object.assign(og, { network: network, nodes: nodes, edges: edges });

  let settled = !data.physics || data.nodes.length === 0;
  network.on("stabilizationIterationsDone", function () { settled = true; });
  network.on("afterDrawing", function () {
    if (og.firstFrame === null) og.firstFrame = performance.now();
    if (settled && !og.ready) {
      og.ready = true;
      document.body.dataset.ready = "true";
    }
  });

  const status = document.getElementById("status");
  function say(text) { status.textContent = text; }

  // Neighbourhood highlight: dim every node that is neither the clicked one nor a neighbour.
  let highlighted = false;
  function highlight(id) {
    const keep = new Set(network.getConnectedNodes(id));
    keep.add(id);
    const updates = [];
    nodes.forEach(function (n) {
      updates.push(keep.has(n.id) ? { id: n.id, color: groupColour(n), font: FONT }
        : { id: n.id, color: DIM, font: { color: "#BBBBBB" } });
    });
    nodes.update(updates);
    highlighted = true;
  }
  function clearHighlight() {
    if (!highlighted) return;
    const updates = [];
    nodes.forEach(function (n) {
      updates.push({ id: n.id, color: groupColour(n), font: FONT });
    });
    nodes.update(updates);
    highlighted = false;
  }
  network.on("click", function (params) {
    if (params.nodes.length > 0) highlight(params.nodes[0]);
    else clearHighlight();
  });

  // Search by label, key or id: exact matches first, else every node whose text contains the query.
  function search(query) {
    const q = query.trim().toLowerCase();
    if (!q) { say(""); network.unselectAll(); clearHighlight(); return []; }
    const visible = nodes.get({ filter: function (n) { return !n.hidden; } });
    const text = function (n) { return [n.label, n.key, n.id].map(function (s) { return String(s || "").toLowerCase(); }); };
    let hits = visible.filter(function (n) { return text(n).indexOf(q) >= 0; });
    if (hits.length === 0) hits = visible.filter(function (n) { return text(n).some(function (s) { return s.indexOf(q) >= 0; }); });
    if (hits.length === 0) { say("No node matches \u201c" + query + "\u201d"); network.unselectAll(); return []; }
    const ids = hits.map(function (n) { return n.id; });
    network.selectNodes(ids);
    highlight(ids[0]);
    network.focus(ids[0], { scale: 1.2, animation: false });
    const names = hits.slice(0, 5).map(function (n) { return n.label; }).join(", ");
    say(hits.length + (hits.length === 1 ? " match: " : " matches: ") + names + (hits.length > 5 ? ", \u2026" : ""));
    return ids;
  }
  og.search = search;
  const box = document.getElementById("search");
  document.getElementById("search-form").addEventListener("submit", function (e) {
    e.preventDefault();
    search(box.value);
  });

  // Filters: priority, goal, actor kind. A node shows when it passes all three.
  const fPriority = document.getElementById("f-priority");
  const fGoal = document.getElementById("f-goal");
  const kindBoxes = Array.from(document.querySelectorAll("input[name=actor-kind]"));
  function applyFilters() {
    const p = fPriority ? fPriority.value : "";
    const g = fGoal ? fGoal.value : "";
    const kinds = new Set(kindBoxes.filter(function (b) { return b.checked; }).map(function (b) { return b.value; }));
    const updates = [];
    let shown = 0;
    for (const n of data.nodes) {
      const ok = (!p || (n.priorities || []).indexOf(p) >= 0) && (!g || (n.goals || []).indexOf(g) >= 0)
        && (!n.actor_kind || kinds.has(n.actor_kind));
      if (ok) shown += 1;
      updates.push({ id: n.id, hidden: !ok });
    }
    nodes.update(updates);
    say("Showing " + shown + " of " + data.nodes.length + " nodes");
  }
  if (fPriority) fPriority.addEventListener("change", applyFilters);
  if (fGoal) fGoal.addEventListener("change", applyFilters);
  kindBoxes.forEach(function (b) { b.addEventListener("change", applyFilters); });

  const physics = document.getElementById("physics");
  physics.checked = data.physics;
  physics.addEventListener("change", function () {
    network.setOptions({ physics: { enabled: physics.checked, stabilization: { enabled: false } } });
  });
  document.getElementById("fit").addEventListener("click", function () { network.fit({ animation: false }); });
})();
