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
  const EDGE_DIM = "#E4E4E4";
  const baseNode = new Map(data.nodes.map(function (n) { return [n.id, n.color || data.groups[n.group].color]; }));
  const baseEdge = new Map(data.edges.map(function (e) { return [e.id, e.color]; }));
  const groupColour = function (n) { return baseNode.get(n.id); };
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
  // Links are dimmed too: only those of the clicked node (or the clicked link) keep their colour.
  let highlighted = false;
  function dim(keepNodes, keepEdges) {
    const updates = [];
    nodes.forEach(function (n) {
      updates.push(keepNodes.has(n.id) ? { id: n.id, color: groupColour(n), font: FONT }
        : { id: n.id, color: DIM, font: { color: "#BBBBBB" } });
    });
    nodes.update(updates);
    const eu = [];
    edges.forEach(function (e) { eu.push({ id: e.id, color: keepEdges.has(e.id) ? baseEdge.get(e.id) : EDGE_DIM }); });
    edges.update(eu);
    highlighted = true;
  }
  function highlight(id) {
    const keep = new Set(network.getConnectedNodes(id));
    keep.add(id);
    dim(keep, new Set(network.getConnectedEdges(id)));
  }
  function highlightEdge(id) {
    const e = edges.get(id);
    dim(new Set([e.from, e.to]), new Set([id]));
  }
  function clearHighlight() {
    if (!highlighted) return;
    const updates = [];
    nodes.forEach(function (n) { updates.push({ id: n.id, color: groupColour(n), font: FONT }); });
    nodes.update(updates);
    const eu = [];
    edges.forEach(function (e) { eu.push({ id: e.id, color: baseEdge.get(e.id) }); });
    edges.update(eu);
    highlighted = false;
  }

  // The evidence panel: the clicked node's or link's tables, pinned until another click or Close.
  const panel = document.getElementById("panel");
  function el(tag, text) { const e = document.createElement(tag); if (text !== undefined) e.textContent = text; return e; }
  function tableOf(t) {
    const table = el("table");
    table.appendChild(el("caption", t.caption + " (" + t.rows.length + ")"));
    const thead = el("thead"), head = el("tr");
    t.columns.forEach(function (c) { const th = el("th", c); th.scope = "col"; head.appendChild(th); });
    thead.appendChild(head); table.appendChild(thead);
    const body = el("tbody");
    t.rows.forEach(function (r) { const tr = el("tr"); r.forEach(function (v) { tr.appendChild(el("td", v)); }); body.appendChild(tr); });
    table.appendChild(body);
    return table;
  }
  function cellText(v) { return String(v).replace(/[\t\r\n]+/g, " "); }
  function tsv(tables) {
    return tables.map(function (t) {
      return [cellText(t.caption), t.columns.map(cellText).join("\t")].concat(
        t.rows.map(function (r) { return r.map(cellText).join("\t"); })).join("\n") + "\n";
    }).join("\n");
  }
  let pinned = null;
  function pin(item, kind) {
    const p = item.panel || { title: item.label || "", summary: item.title || "", tables: [], cell: null };
    pinned = { kind: kind, id: item.id, panel: p };
    og.pinned = pinned;
    document.getElementById("panel-title").textContent = p.title;
    document.getElementById("panel-summary").textContent = p.summary;
    const box = document.getElementById("panel-tables");
    box.replaceChildren();
    p.tables.forEach(function (t) { if (t.rows.length) box.appendChild(tableOf(t)); });
    const link = document.getElementById("panel-cell");
    if (data.matrix && p.cell) { link.href = data.matrix + "#" + p.cell; link.hidden = false; }
    else { link.removeAttribute("href"); link.hidden = true; }
    document.getElementById("copy-status").textContent = "";
    panel.hidden = false;
    document.body.classList.add("pinned");
  }
  function unpin() { pinned = null; og.pinned = null; panel.hidden = true; document.body.classList.remove("pinned"); }
  og.tsv = function () { return pinned ? tsv(pinned.panel.tables.filter(function (t) { return t.rows.length; })) : ""; };
  document.getElementById("copy").addEventListener("click", function () {
    const text = og.tsv();
    og.copied = text;
    const done = function (ok) { document.getElementById("copy-status").textContent = ok ? "Copied." : "Copy failed: select the tables by hand."; };
    if (navigator.clipboard && navigator.clipboard.writeText) navigator.clipboard.writeText(text).then(function () { done(true); }, function () { done(false); });
    else done(false);
  });
  document.getElementById("panel-close").addEventListener("click", function () { unpin(); clearHighlight(); });
  og.pin = function (kind, id) { const item = kind === "edge" ? edges.get(id) : nodes.get(id); if (item) pin(item, kind); };
  network.on("click", function (params) {
    if (params.nodes.length > 0) { highlight(params.nodes[0]); pin(nodes.get(params.nodes[0]), "node"); }
    else if (params.edges.length > 0) { highlightEdge(params.edges[0]); pin(edges.get(params.edges[0]), "edge"); }
    else { clearHighlight(); unpin(); }
  });

  // Search by label, key or id: exact matches first, else every node whose text contains the query.
  function search(query) {
    const q = query.trim().toLowerCase();
    if (!q) { say(""); network.unselectAll(); clearHighlight(); return []; }
    const visible = nodes.get({ filter: function (n) { return !n.hidden; } });
    const text = function (n) { return [n.label, n.key, n.id, n.search].map(function (s) { return String(s || "").toLowerCase(); }); };
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

  // Minimum score: links of the synergy table scoring less are hidden.
  const slider = document.getElementById("min-score");
  function applyScore() {
    const min = parseFloat(slider.value);
    document.getElementById("min-score-value").textContent = min.toFixed(3);
    const updates = [];
    let shown = 0, scored = 0;
    for (const e of data.edges) {
      if (!e.data) continue;
      scored += 1;
      const ok = e.data.score >= min;
      if (ok) shown += 1;
      updates.push({ id: e.id, hidden: !ok });
    }
    edges.update(updates);
    say("Showing " + shown + " of " + scored + " links (score \u2265 " + min.toFixed(3) + ")");
  }
  if (slider) slider.addEventListener("input", applyScore);
  og.setMinScore = function (v) { slider.value = String(v); applyScore(); };

  const physics = document.getElementById("physics");
  physics.checked = data.physics;
  physics.addEventListener("change", function () {
    network.setOptions({ physics: { enabled: physics.checked, stabilization: { enabled: false } } });
  });
  document.getElementById("fit").addEventListener("click", function () { network.fit({ animation: false }); });
})();
