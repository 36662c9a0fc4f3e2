"""The network pages in a real headless Chromium (Debian's /usr/bin/chromium), with the network blocked.

Never skipped: without Chromium these tests fail. One browser serves the whole module; each test gets a
fresh context whose every non-file request is aborted and recorded. Screenshots of the run are kept in
out/screenshots/ (git-ignored).
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from overlapgraph.cli import cli
from overlapgraph.ingest import read_dataset
from overlapgraph.model import Dataset
from overlapgraph.present.views import make_view
from overlapgraph.render import write_html
from overlapgraph.render.browser import block_network, chromium, wait_until_drawn

from .test_render_html import XSS_IMG, XSS_SCRIPT, xss_dataset

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parent.parent
SHOTS = REPO / "out" / "screenshots"

# Records CSP violations and flags what an injected script would set.
_WATCH = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (e) => window.__violations.push(e.violatedDirective));
"""


@dataclass
class Opened:
    page: Any
    attempts: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def js(self, expression: str, arg: Any = None) -> Any:
        return self.page.evaluate(expression, arg)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as b:
        yield b


@pytest.fixture(scope="module")
def real() -> Dataset:
    return read_dataset([REPO / "data" / "empact-2022"])


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory, real: Dataset) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("pages")
    out = {}
    for view in ("priorities", "actions", "actors"):
        out[view] = folder / f"{view}.html"
        write_html(make_view(real, view), out[view], subtitle=real.name)
        out[f"xss-{view}"] = folder / f"xss-{view}.html"
        write_html(make_view(xss_dataset(), view), out[f"xss-{view}"], subtitle=xss_dataset().name)
        # The same page without its CSP: escaping alone must keep the payloads inert.
        page = out[f"xss-{view}"].read_text(encoding="utf-8")
        bare, n = re.subn(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", page)
        assert n == 1
        out[f"xss-nocsp-{view}"] = folder / f"xss-nocsp-{view}.html"
        out[f"xss-nocsp-{view}"].write_text(bare, encoding="utf-8")
    return out


@pytest.fixture
def open_page(browser: Any) -> Iterator[Any]:
    contexts: list[Any] = []

    def _open(path: Path, width: int = 1400, height: int = 900) -> Opened:
        context = browser.new_context(viewport={"width": width, "height": height})
        contexts.append(context)
        opened = Opened(page=None)
        block_network(context, opened.attempts)
        context.add_init_script(_WATCH)
        page = context.new_page()
        page.on("console", lambda m: opened.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: opened.errors.append(str(e)))
        page.goto(path.as_uri())
        wait_until_drawn(page, 30)
        opened.page = page
        return opened

    yield _open
    for c in contexts:
        c.close()


def assert_clean(o: Opened) -> None:
    assert o.attempts == [], "the page tried to fetch"
    assert o.errors == []
    assert o.js("window.__violations") == []
    assert o.js("window.__xss") is None


def painted_pixels(o: Opened) -> int:
    """Pixels of the network canvas that are not transparent or white."""
    return int(
        o.js(
            """() => {
        const c = document.querySelector("#net canvas");
        const d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
        let n = 0;
        for (let i = 0; i < d.length; i += 4) {
            if (d[i + 3] > 0 && !(d[i] > 245 && d[i + 1] > 245 && d[i + 2] > 245)) n++;
        }
        return n;
    }"""
        )
    )


def dom_position(o: Opened, node: str) -> tuple[float, float]:
    """Where ``node`` is drawn, in page coordinates."""
    p = o.js(
        """(id) => {
        const net = window.overlapgraph.network;
        const xy = net.canvasToDOM(net.getPositions([id])[id]);
        const r = document.getElementById("net").getBoundingClientRect();
        return [r.left + xy.x, r.top + xy.y];
    }""",
        node,
    )
    return float(p[0]), float(p[1])


@pytest.mark.parametrize("view", ["priorities", "actions", "actors"])
def test_page_draws_offline(open_page: Any, pages: dict[str, Path], view: str) -> None:
    o = open_page(pages[view])
    assert_clean(o)
    assert painted_pixels(o) > 2000
    assert o.page.locator("#legend").is_visible()
    assert "Priority (" in o.page.locator("#legend").inner_text()
    assert o.js("window.overlapgraph.firstFrame") is not None
    SHOTS.mkdir(parents=True, exist_ok=True)
    o.page.screenshot(path=str(SHOTS / f"test-{view}.png"))


def test_search_finds_a_known_node(open_page: Any, pages: dict[str, Path]) -> None:
    o = open_page(pages["priorities"])
    o.page.fill("#search", "thb")
    o.page.press("#search", "Enter")
    assert o.page.locator("#status").inner_text() == "1 match: THB"
    assert o.js("window.overlapgraph.network.getSelectedNodes()") == ["priority:THB"]
    o.page.fill("#search", "no such thing")
    o.page.press("#search", "Enter")
    assert o.page.locator("#status").inner_text() == "No node matches \u201cno such thing\u201d"
    assert_clean(o)


def test_search_by_part_of_a_label(open_page: Any, pages: dict[str, Path]) -> None:
    o = open_page(pages["actions"])
    o.page.fill("#search", "OA 8.")
    o.page.click("#search-form button")
    # 13607/21 §2.2 names OA 8.1 to 8.5 of THB 2022.
    assert sorted(o.js("window.overlapgraph.network.getSelectedNodes()")) == [
        f"action:THB-2022/OA 8.{i}" for i in range(1, 6)
    ]
    assert o.page.locator("#status").inner_text().startswith("5 matches: ")


def visible(o: Opened) -> list[str]:
    return sorted(o.js("window.overlapgraph.nodes.get({filter: (n) => !n.hidden}).map((n) => n.id)"))


def test_priority_filter(open_page: Any, pages: dict[str, Path]) -> None:
    o = open_page(pages["actions"])
    o.page.select_option("#f-priority", "OFS")
    # §2.2 line 136: only OA 8.3 is declared towards OFS; it serves CHSG 8 and belongs to THB-2022.
    assert visible(o) == ["action:THB-2022/OA 8.3", "goal:CHSG-8", "oap:THB-2022", "priority:OFS"]
    assert o.page.locator("#status").inner_text() == "Showing 4 of 42 nodes"
    o.page.select_option("#f-priority", "")
    assert len(visible(o)) == 42
    assert_clean(o)


def test_goal_filter(open_page: Any, pages: dict[str, Path]) -> None:
    o = open_page(pages["actions"])
    o.page.select_option("#f-goal", "CHSG-4")
    # Only OA 4.1 serves goal 4: it is THB's own and declared towards CFMLAR and HRCN (§2.2 lines 133-134).
    assert visible(o) == [
        "action:THB-2022/OA 4.1",
        "goal:CHSG-4",
        "oap:THB-2022",
        "priority:CFMLAR",
        "priority:HRCN",
        "priority:THB",
    ]


def test_actor_kind_filter(open_page: Any, pages: dict[str, Path]) -> None:
    o = open_page(pages["actors"])
    o.page.uncheck("input[name=actor-kind][value=member_state]")
    # §3 line 148: the seven Member States AT BE BG DE ES FR NL disappear; agencies and the UK stay.
    assert visible(o) == ["actor:CEPOL", "actor:EUROPOL", "actor:FRONTEX", "actor:UK", "priority:THB"]


def test_click_highlights_the_neighbourhood(open_page: Any, pages: dict[str, Path]) -> None:
    o = open_page(pages["priorities"])
    o.page.uncheck("#physics")  # hold the layout still while clicking
    x, y = dom_position(o, "priority:OFS")
    o.page.mouse.click(x, y)
    colour = "(id) => window.overlapgraph.nodes.get(id).color.background"
    # §2.2: OA 8.3 alone links OFS, to THB and to MS and CFMLAR (declared towards all three). CA's
    # actions (1.1, 3.1) are not 8.3: CA is dimmed. Priorities are coloured by their community.
    for bright in ("OFS", "THB", "MS", "CFMLAR"):
        assert o.js(colour, f"priority:{bright}") not in ("#EEEEEE", None), bright
    assert o.js(colour, "priority:CA") == "#EEEEEE"
    box = o.page.locator("#net").bounding_box()
    o.page.mouse.click(box["x"] + 3, box["y"] + 3)  # empty corner of the canvas: restore
    assert o.js(colour, "priority:CA") != "#EEEEEE"


def test_physics_switch(open_page: Any, pages: dict[str, Path]) -> None:
    o = open_page(pages["actions"])
    assert o.page.is_checked("#physics")
    o.page.uncheck("#physics")
    assert o.js("window.overlapgraph.network.physics.options.enabled") is False
    o.page.check("#physics")
    assert o.js("window.overlapgraph.network.physics.options.enabled") is True


@pytest.mark.parametrize("view", ["priorities", "actions", "actors"])
@pytest.mark.parametrize("csp", ["csp", "nocsp"])
def test_xss_payloads_stay_text(open_page: Any, pages: dict[str, Path], view: str, csp: str) -> None:
    o = open_page(pages[f"xss-{view}" if csp == "csp" else f"xss-nocsp-{view}"])
    o.page.fill("#search", XSS_SCRIPT)
    o.page.press("#search", "Enter")
    assert_clean(o)
    assert o.js("document.querySelectorAll('img').length") == 0
    assert o.js("document.scripts.length") == 3  # the JSON block, vis-network, the page script
    assert XSS_IMG in o.page.locator("header").inner_text()  # shown, as text


def test_tooltip_shows_payload_as_text(open_page: Any, pages: dict[str, Path]) -> None:
    o = open_page(pages["xss-nocsp-actions"])
    o.page.uncheck("#physics")
    x, y = dom_position(o, "action:A-2022/OA 1.1")
    o.page.mouse.move(x, y)
    tip = o.page.locator("div.vis-tooltip")
    tip.wait_for(state="visible", timeout=5000)
    assert f"A-2022/OA 1.1 — Act {XSS_IMG}" in tip.inner_text()
    assert tip.locator("img").count() == 0
    assert_clean(o)


def test_draw_png(bundled: Path, tmp_path: Path, runner: CliRunner) -> None:
    html, png = tmp_path / "p.html", tmp_path / "p.png"
    result = runner.invoke(
        cli, ["draw", str(bundled), "--view", "priorities", "-o", str(html), "--png", str(png)]
    )
    assert result.exit_code == 0, result.output
    head = png.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n"
    assert int.from_bytes(head[16:20], "big") == 1600 and int.from_bytes(head[20:24], "big") == 1000
    assert html.is_file()
    SHOTS.mkdir(parents=True, exist_ok=True)
    shutil.copy(png, SHOTS / "draw-priorities.png")


def test_large_page_is_usable_at_once(open_page: Any, tmp_path: Path) -> None:
    from overlapgraph.synthetic import synthetic_dataset

    ds = synthetic_dataset(actions=1500, actors=120, seed=3)
    path = tmp_path / "large.html"
    write_html(make_view(ds, "actions"), path, subtitle=ds.name)
    o = open_page(path)
    assert_clean(o)
    assert o.js("window.overlapgraph.network.physics.options.enabled") is False
    assert o.js("window.overlapgraph.firstFrame") < 10_000  # ms; the bench measures the 3 s target
    assert painted_pixels(o) > 2000
    assert "laid out in advance" in o.page.locator("header").inner_text()
    SHOTS.mkdir(parents=True, exist_ok=True)
    o.page.screenshot(path=str(SHOTS / "test-large-actions.png"))
