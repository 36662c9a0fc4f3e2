"""HTML network of a 5,000-node, 20,000-edge graph: our page vs pyvis, built in Python and drawn in Chromium.

Run: python -m bench.bench_render [--nodes 5000 --edges 20000 --settle-limit 60]

Prints, from one run on the same random graph (networkx gnm, seed 1, labels and tooltips on every node):
1. building the HTML: ``overlapgraph.render.render_html`` (layout included) vs pyvis
   ``Network.from_nx`` + ``generate_html`` (cdn_resources="in_line"); the ratio (target >= 10x);
2. in headless Chromium (Debian's, network blocked): our page's first frame (target <= 3 s), and
   pyvis's default page: its first frame and the time until its physics settles, stopped at the limit.
   Times are from navigation start (``performance.now()``). pyvis's page is instrumented by inserting
   two event listeners after its ``new vis.Network(...)``; nothing else in it is changed.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import networkx as nx

_PYVIS_HOOK = """network = new vis.Network(container, data, options);
window.__bench = {firstFrame: null, settled: null};
network.once("afterDrawing", function () { window.__bench.firstFrame = performance.now(); });
network.once("stabilized", function () { window.__bench.settled = performance.now(); });"""


def make_graph(n: int, m: int) -> nx.Graph:
    G = nx.gnm_random_graph(n, m, seed=1)
    kinds = ("priority", "oap", "goal", "action", "actor")
    for i in G:
        G.nodes[i].update(label=f"N{i}", kind=kinds[i % 5], tooltip=f"Node {i} of the benchmark graph")
    return G


def build_ours(G: nx.Graph) -> tuple[str, float, float]:
    from overlapgraph.render import render_html
    from overlapgraph.render.layout import layout_positions

    t0 = time.perf_counter()
    layout_positions(G)
    layout_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    page = render_html(G, "Benchmark graph", "bench_render")
    return page, time.perf_counter() - t0, layout_s


def build_pyvis(G: nx.Graph) -> tuple[str, float]:
    from pyvis.network import Network

    H = nx.Graph()
    for i, d in G.nodes(data=True):  # pyvis shows "title" as the tooltip
        H.add_node(i, label=d["label"], title=d["tooltip"])
    H.add_edges_from(G.edges())
    t0 = time.perf_counter()
    net = Network(cdn_resources="in_line")
    net.from_nx(H)
    page = net.generate_html()
    return page, time.perf_counter() - t0


def draw_times(pages: dict[str, Path], settle_limit: float) -> dict[str, dict[str, Any]]:
    from overlapgraph.render.browser import block_network, chromium

    out: dict[str, dict[str, Any]] = {}
    with chromium() as browser:
        for name, path in pages.items():
            context = browser.new_context(viewport={"width": 1400, "height": 900})
            attempts: list[str] = []
            block_network(context, attempts)
            page = context.new_page()
            t0 = time.perf_counter()
            page.goto(path.as_uri(), wait_until="commit")
            if name == "ours":
                page.wait_for_function("() => window.overlapgraph && window.overlapgraph.firstFrame !== null")
                out[name] = {"first": page.evaluate("window.overlapgraph.firstFrame") / 1000}
            else:
                deadline = t0 + settle_limit
                state: dict[str, Any] = {}
                while time.perf_counter() < deadline:
                    state = page.evaluate("window.__bench || {}")
                    if state.get("settled") is not None:
                        break
                    time.sleep(0.25)
                out[name] = {
                    "first": state["firstFrame"] / 1000 if state.get("firstFrame") is not None else None,
                    "settled": state["settled"] / 1000 if state.get("settled") is not None else None,
                }
            out[name]["blocked"] = len(attempts)
            context.close()
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--nodes", type=int, default=5000)
    ap.add_argument("--edges", type=int, default=20000)
    ap.add_argument("--repeat", type=int, default=3, help="Runs of our build (median reported).")
    ap.add_argument("--settle-limit", type=float, default=60.0, help="Seconds to wait for pyvis to settle.")
    args = ap.parse_args()

    G = make_graph(args.nodes, args.edges)
    print(f"graph: {G.number_of_nodes()} nodes, {G.number_of_edges()} edges (gnm, seed 1)")
    runs = [build_ours(G) for _ in range(args.repeat)]
    ours_s = statistics.median(r[1] for r in runs)
    layout_s = statistics.median(r[2] for r in runs)
    ours_page = runs[0][0]
    pyvis_page, pyvis_s = build_pyvis(G)
    ratio = pyvis_s / ours_s
    print(
        f"build ours : {ours_s:.3f} s (median of {args.repeat}; of which layout ~{layout_s:.3f} s), "
        f"{len(ours_page):,} bytes"
    )
    print(f"build pyvis: {pyvis_s:.3f} s (from_nx + generate_html), {len(pyvis_page):,} bytes")
    print(f"build ratio pyvis / ours: {ratio:.1f}x (target >= 10x: {'met' if ratio >= 10 else 'NOT met'})")

    assert _PYVIS_HOOK.splitlines()[0].strip() in pyvis_page, "pyvis template changed: cannot instrument it"
    instrumented = pyvis_page.replace(_PYVIS_HOOK.splitlines()[0].strip(), _PYVIS_HOOK, 1)
    with tempfile.TemporaryDirectory(prefix="bench-render-") as tmp:
        pages = {"ours": Path(tmp) / "ours.html", "pyvis": Path(tmp) / "pyvis.html"}
        pages["ours"].write_text(ours_page, encoding="utf-8")
        pages["pyvis"].write_text(instrumented, encoding="utf-8")
        times = draw_times(pages, args.settle_limit)
    first = times["ours"]["first"]
    print(
        f"chromium ours : first frame {first:.2f} s after navigation start "
        f"(target <= 3 s: {'met' if first <= 3 else 'NOT met'}); requests blocked: {times['ours']['blocked']}"
    )
    p = times["pyvis"]
    p_first = f"{p['first']:.2f} s" if p["first"] is not None else f"none within {args.settle_limit:.0f} s"
    p_settled = (
        f"{p['settled']:.2f} s" if p["settled"] is not None else f"not settled at {args.settle_limit:.0f} s"
    )
    print(
        f"chromium pyvis: first frame {p_first}, physics settled {p_settled}; "
        f"requests blocked: {p['blocked']}"
    )
    if ratio < 10 or first > 3:
        sys.exit(1)


if __name__ == "__main__":
    main()
