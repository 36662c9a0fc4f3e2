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
from overlapgraph.present.matrix import matrix
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
