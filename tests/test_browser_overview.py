"""The overview pages (issue 15) in real headless Chromium, network blocked: matrix, evidence panel, brief.

Data: data/constructed-2023 (constructed) and the xss dataset of test_render_html (constructed).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from overlapgraph.analysis import analyse
from overlapgraph.analysis.core import Analysis
from overlapgraph.ingest import read_dataset
from overlapgraph.present.evidence import Evidence, tables_tsv
from overlapgraph.present.matrix import matrix
from overlapgraph.present.views import make_view
from overlapgraph.render import write_html
from overlapgraph.render.browser import block_network
from overlapgraph.render.matrix import write_matrix

from . import test_browser_network as net
from .test_browser_network import SHOTS, assert_clean
from .test_render_html import XSS_IMG, XSS_SCRIPT, xss_dataset

pytestmark = pytest.mark.browser

browser = net.browser  # the module's browser fixtures
open_page = net.open_page
REPO = Path(__file__).resolve().parent.parent
CONSTRUCTED = REPO / "data" / "constructed-2023"


@pytest.fixture(scope="module")
def constructed() -> Analysis:
    return analyse(read_dataset([CONSTRUCTED]))


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory, constructed: Analysis) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("overview")
    out = {"matrix": folder / "matrix.html", "xss-matrix": folder / "xss-matrix.html"}
    write_matrix(constructed, out["matrix"], subtitle="constructed-2023")
    write_matrix(analyse(xss_dataset()), out["xss-matrix"], subtitle=f"evil {XSS_IMG}")
    page = out["xss-matrix"].read_text("utf-8")
    bare, n = re.subn(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", page)
    assert n == 1
    out["xss-nocsp-matrix"] = folder / "xss-nocsp-matrix.html"
    out["xss-nocsp-matrix"].write_text(bare, encoding="utf-8")
    return out


def test_matrix_renders_every_priority_and_agrees(
    open_page: Any, pages: dict[str, Path], constructed: Analysis
) -> None:
    o = open_page(pages["matrix"])
    assert_clean(o)
    m = matrix(constructed)
    heads = o.js("Array.from(document.querySelectorAll('#matrix th.col')).map((e) => e.textContent.trim())")
    assert heads == m.order
    rows = o.js(
        "Array.from(document.querySelectorAll('#matrix th.rowh')).map((e) => e.firstChild.textContent.trim())"
    )
    assert rows == m.order
    shown = o.js(
        """() => Object.fromEntries(Array.from(document.querySelectorAll('#matrix td.cell')).map(
            (td) => [td.id, [parseInt(td.textContent) || 0, td.className.replace('cell st-', '').trim()]]))"""
    )
    assert len(shown) == len(m.order) * (len(m.order) - 1)
    for (r, c), cell in m.cells.items():
        assert shown[f"cell-{r}--{c}"] == [cell.count, cell.status], (r, c)
    totals = o.js(
        "Array.from(document.querySelectorAll('#matrix tfoot td')).map((e) => parseInt(e.textContent))"
    )
    assert totals == [m.col_totals[c] for c in m.order] + [sum(m.row_totals.values())]
    o.page.set_viewport_size({"width": 1300, "height": 900})
    o.page.click("#cell-MS--THB")
    assert o.page.locator("#panel").is_visible()
    assert o.page.locator("#panel-title").inner_text() == "MS → THB"
    codes = o.js(
        "Array.from(document.querySelectorAll('#panel tbody tr')).map((tr) => tr.children[1].textContent)"
    )
    assert codes == [a[1] for a in m.cell("MS", "THB").actions] == ["OA 1.1", "OA 2.1", "OA 5.1"]
    tip = o.page.get_attribute("#cell-THB--CSE", "title") or ""
    assert tip.startswith("THB declares 6 actions towards CSE (one-sided)")
    SHOTS.mkdir(parents=True, exist_ok=True)
    o.page.screenshot(path=str(SHOTS / "test-matrix.png"), full_page=True)


def test_matrix_opens_at_the_linked_cell(open_page: Any, pages: dict[str, Path]) -> None:
    o = open_page(pages["matrix"])
    o.page.goto(pages["matrix"].as_uri() + "#cell-THB--MS")  # the link of a network page's panel
    o.page.wait_for_function("() => window.overlapgraph.selected !== null")
    assert o.js("window.overlapgraph.selected") == "cell-THB--MS"
    assert o.page.locator("#panel").is_visible()


@pytest.mark.parametrize("csp", ["csp", "nocsp"])
def test_matrix_xss_stays_text(open_page: Any, pages: dict[str, Path], csp: str) -> None:
    o = open_page(pages["xss-matrix" if csp == "csp" else "xss-nocsp-matrix"])
    o.page.click("#cell-A--B")
    assert_clean(o)
    assert o.js("document.querySelectorAll('img').length") == 0
    assert o.js("document.scripts.length") == 2
    assert XSS_IMG in o.page.locator("header").inner_text()
    assert f"Act {XSS_IMG}" in o.page.locator("#panel").inner_text()
    assert XSS_SCRIPT not in o.page.content()


@pytest.fixture(scope="module")
def networks(tmp_path_factory: pytest.TempPathFactory, constructed: Analysis) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("networks")
    out = {}
    for view in ("priorities", "actions"):
        out[view] = folder / f"{view}.html"
        write_html(make_view(constructed, view), out[view], subtitle="constructed-2023", matrix_href="m.html")
    xss = analyse(xss_dataset())
    out["xss"] = folder / "xss.html"
    write_html(make_view(xss, "priorities"), out["xss"], subtitle="xss")
    return out


def _click_edge(o: Any, a: str, b: str) -> str:
    """Put priorities a and b apart below the rest, straighten links, click the middle of their link."""
    eid = o.js(
        """([a, b]) => window.overlapgraph.edges.get({filter: (e) => e.data && e.data.priority_a === a
            && e.data.priority_b === b})[0].id""",
        [a, b],
    )
    o.page.uncheck("#physics")
    o.js(
        """([a, b]) => { const net = window.overlapgraph.network;
        net.setOptions({ edges: { smooth: false } });
        net.moveNode("priority:" + a, -900, 1200); net.moveNode("priority:" + b, 900, 1200);
        net.fit({ animation: false }); }""",
        [a, b],
    )
    x, y = o.js(
        """([a, b]) => { const net = window.overlapgraph.network;
        const xy = net.canvasToDOM({ x: 0, y: 1200 });
        const r = document.getElementById("net").getBoundingClientRect();
        return [r.left + xy.x, r.top + xy.y]; }""",
        [a, b],
    )
    o.page.mouse.click(x, y)
    return str(eid)


def test_clicking_an_edge_pins_that_pairs_actions(
    open_page: Any, networks: dict[str, Path], constructed: Analysis
) -> None:
    o = open_page(networks["priorities"])
    eid = _click_edge(o, "CSE", "THB")
    assert o.js("window.overlapgraph.pinned && window.overlapgraph.pinned.id") == eid
    assert o.page.locator("#panel").is_visible()
    ev = Evidence(constructed)
    want = ev.pair_actions("CSE", "THB")
    shown = o.js(
        """() => Array.from(document.querySelectorAll('#panel-tables table')[0].querySelectorAll('tbody tr'))
        .map((tr) => Array.from(tr.children).map((td) => td.textContent))"""
    )
    assert shown == want
    assert len([a for a in want if a[5] == "THB → CSE"]) == 6  # one-sided: THB-2023 declares 6 towards CSE
    assert o.page.get_attribute("#panel-cell", "href") == "m.html#cell-THB--CSE"
    # the links not of this pair are dimmed, the pair's keeps its colour
    colours = o.js("() => window.overlapgraph.edges.get().map((e) => [e.id, e.color])")
    assert all((c == "#E4E4E4") == (i != eid) for i, c in colours)
    # the copy button: the same rows as tab-separated text
    o.page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    o.page.click("#copy")
    o.page.wait_for_function("() => document.getElementById('copy-status').textContent !== ''")
    expected = tables_tsv([t for t in ev.pair_tables("CSE", "THB") if t.rows])
    assert o.js("window.overlapgraph.copied") == expected
    assert o.js("navigator.clipboard.readText()") == expected
    assert o.page.locator("#copy-status").inner_text() == "Copied."
    assert_clean(o)
    SHOTS.mkdir(parents=True, exist_ok=True)
    o.page.screenshot(path=str(SHOTS / "test-panel.png"))


def test_search_finds_a_title_word(open_page: Any, networks: dict[str, Path]) -> None:
    o = open_page(networks["actions"])
    o.page.fill("#search", "recruitment")  # THB-2023 OA 1.2 "Monitoring of online recruitment"
    o.page.press("#search", "Enter")
    assert "action:THB-2023/OA 1.2" in o.js("window.overlapgraph.network.getSelectedNodes()")
    o = open_page(networks["priorities"])
    o.page.fill("#search", "recruitment")  # declared towards MS: both priorities' evidence
    o.page.press("#search", "Enter")
    assert sorted(o.js("window.overlapgraph.network.getSelectedNodes()")) == ["priority:MS", "priority:THB"]


def test_slider_hides_links_under_the_threshold(
    open_page: Any, networks: dict[str, Path], constructed: Analysis
) -> None:
    o = open_page(networks["priorities"])
    o.js(
        """() => { const s = document.getElementById("min-score"); s.value = "0.05";
        s.dispatchEvent(new Event("input")); }"""
    )
    hidden = o.js("() => window.overlapgraph.edges.get({filter: (e) => e.hidden}).map((e) => e.data.score)")
    assert sorted(hidden) == sorted(
        round(s.score, 4) for s in constructed.synergies if round(s.score, 4) < 0.05
    )
    kept = len(constructed.synergies) - len(hidden)
    assert (
        o.page.locator("#status")
        .inner_text()
        .startswith(f"Showing {kept} of {len(constructed.synergies)} links")
    )


def test_panel_shows_payloads_as_text(open_page: Any, networks: dict[str, Path]) -> None:
    o = open_page(networks["xss"])
    o.js("""() => window.overlapgraph.pin("edge", window.overlapgraph.edges.get()[0].id)""")
    o.js("""() => window.overlapgraph.pin("node", "priority:A")""")
    o.js("""() => window.overlapgraph.pin("edge", window.overlapgraph.edges.get()[0].id)""")
    assert f"Act {XSS_IMG}" in o.page.locator("#panel").inner_text()
    assert o.js("document.querySelectorAll('img').length") == 0
    assert_clean(o)


@pytest.mark.parametrize("csp", ["csp", "nocsp"])
def test_html_brief_opens_offline(browser: Any, tmp_path: Path, constructed: Analysis, csp: str) -> None:
    from overlapgraph.present.brief import brief
    from overlapgraph.render.brief import write_brief

    for name, an, oap in (("thb", constructed, "THB-2023"), ("xss", analyse(xss_dataset()), "A-2022")):
        path = tmp_path / f"{name}.html"
        write_brief(brief(an, oap), path)
        if csp == "nocsp":
            path.write_text(re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", path.read_text()))
        context = browser.new_context()
        attempts: list[str] = []
        block_network(context, attempts)
        context.add_init_script(net._WATCH)
        page = context.new_page()
        page.goto(path.as_uri())
        assert attempts == [] and page.evaluate("window.__xss") is None
        assert page.evaluate("document.querySelectorAll('img, script').length") == 0
        if name == "thb":
            assert "One-sided declarations to follow up (6)" in page.inner_text("body")
            SHOTS.mkdir(parents=True, exist_ok=True)
            page.set_viewport_size({"width": 1200, "height": 1000})
            page.screenshot(path=str(SHOTS / "test-brief.png"))
        else:
            assert XSS_IMG in page.inner_text("body")
        context.close()
