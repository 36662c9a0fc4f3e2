// overlapgraph matrix page: reads the cells from the JSON block; hover shows the native title, a click (or
// Enter) pins the cell's actions below the matrix. All data text reaches the page through textContent.
(function () {
  "use strict";
  const data = JSON.parse(document.getElementById("matrix-data").textContent);
  const og = { ready: false, selected: null, copied: null };
  window.overlapgraph = og;
  const panel = document.getElementById("panel");
  function el(tag, text) { const e = document.createElement(tag); if (text !== undefined) e.textContent = text; return e; }
  function tableOf(t) {
    const table = el("table");
    table.appendChild(el("caption", t.caption + " (" + t.rows.length + ")"));
    const head = el("tr");
    t.columns.forEach(function (c) { const th = el("th", c); th.scope = "col"; head.appendChild(th); });
    const thead = el("thead"); thead.appendChild(head); table.appendChild(thead);
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
  let current = [];
  function show(id) {
    const c = data.cells[id];
    if (!c) return false;
    document.querySelectorAll("td.selected").forEach(function (e) { e.classList.remove("selected"); });
    const td = document.getElementById(id);
    if (td) td.classList.add("selected");
    og.selected = id;
    document.getElementById("panel-title").textContent = c.row + " → " + c.col;
    document.getElementById("panel-summary").textContent = c.summary;
    const box = document.getElementById("panel-tables");
    box.replaceChildren();
    current = [{ caption: c.caption, columns: data.columns, rows: c.actions }];
    current.forEach(function (t) { box.appendChild(tableOf(t)); });
    panel.hidden = false;
    return true;
  }
  og.show = show;
  og.tsv = function () { return tsv(current); };
  document.getElementById("matrix").addEventListener("click", function (e) {
    const td = e.target.closest("td.cell");
    if (td) { show(td.id); history.replaceState(null, "", "#" + td.id); }
  });
  document.getElementById("matrix").addEventListener("keydown", function (e) {
    const td = e.target.closest("td.cell");
    if (td && (e.key === "Enter" || e.key === " ")) { e.preventDefault(); show(td.id); }
  });
  document.getElementById("copy").addEventListener("click", function () {
    const text = tsv(current);
    og.copied = text;
    const done = function (ok) { document.getElementById("copy-status").textContent = ok ? "Copied." : "Select and copy the table by hand."; };
    if (navigator.clipboard && navigator.clipboard.writeText) navigator.clipboard.writeText(text).then(function () { done(true); }, function () { done(false); });
    else done(false);
  });
  function fromHash() { if (location.hash.length > 1) show(decodeURIComponent(location.hash.slice(1))); }
  window.addEventListener("hashchange", fromHash);
  fromHash();
  og.ready = true;
  document.body.dataset.ready = "true";
})();
