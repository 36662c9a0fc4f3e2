"""The HTML page as a file: self-contained, escaped, a strict CSP, scale handling; and the draw command.

What the page does in a browser is in test_browser_network.py.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from overlapgraph.cli import cli
from overlapgraph.errors import OverlapGraphError
from overlapgraph.ingest import read_dataset
from overlapgraph.model import (
    OAP,
    Action,
    Actor,
    ActorKind,
    Dataset,
    Goal,
    OAPActor,
    OAPRole,
    Overlap,
    Priority,
)
from overlapgraph.present.views import make_view
from overlapgraph.render import render_html, write_network

XSS_IMG = "<img src=x onerror=window.__xss=1>"
XSS_SCRIPT = '"><script>window.__xss=2</script>'


def xss_dataset() -> Dataset:
    """Every free text a page shows carries a payload."""
    return Dataset(
        name=f"evil {XSS_IMG}",
        priorities=[Priority("A", f"Alpha {XSS_IMG}"), Priority("B", f"Beta {XSS_SCRIPT}")],
        actors=[Actor("X", f"Xland {XSS_SCRIPT}", ActorKind.MEMBER_STATE, source=XSS_IMG)],
        goals=[Goal("CHSG-1", 1, "CHSG 1", f"Goal {XSS_IMG}")],
        oaps=[OAP("A-2022", "A", "2022", title=f"Plan {XSS_SCRIPT}")],
        oap_actors=[OAPActor("A-2022", "X", OAPRole.DRIVER)],
        actions=[Action("A-2022", "1.1", "CHSG-1", f"Act {XSS_IMG}")],
        overlaps=[Overlap("A-2022", "1.1", "B", note=XSS_SCRIPT)],
    )


class _Page(HTMLParser):
    """Collects script elements (attributes and text), the CSP and every src/href."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self.urls: list[str] = []
        self.csp = ""
        self._in: dict[str, str | None] | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self.urls += [v or "" for k, v in attrs if k in ("src", "href")]
        if tag == "meta" and (a.get("http-equiv") or "").lower() == "content-security-policy":
            self.csp = a.get("content") or ""
        if tag == "script":
            self._in, self._text = a, []

    def handle_data(self, data: str) -> None:
        if self._in is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._in is not None:
            self.scripts.append((self._in, "".join(self._text)))
            self._in = None


def parse(page: str) -> _Page:
    p = _Page()
    p.feed(page)
    return p


def graph_data(page: str) -> dict[str, object]:
    (block,) = [text for attrs, text in parse(page).scripts if attrs.get("type") == "application/json"]
    data: dict[str, object] = json.loads(block)
    return data


@pytest.fixture(scope="module")
def real() -> Dataset:
    return read_dataset([Path(__file__).resolve().parent.parent / "data" / "empact-2022"])


@pytest.mark.parametrize("view", ["priorities", "actions", "actors"])
def test_page_fetches_nothing(real: Dataset, view: str) -> None:
    page = render_html(make_view(real, view))
    p = parse(page)
    assert p.urls == []  # no src or href at all: nothing to fetch
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", page)
    directives = dict(d.strip().split(" ", 1) for d in p.csp.split(";"))
    assert directives["default-src"] == "'none'"
    assert "'unsafe-inline'" not in directives["script-src"]
    assert directives["base-uri"] == "'none'" and directives["form-action"] == "'none'"


def test_csp_allows_exactly_the_page_scripts(real: Dataset) -> None:
    p = parse(render_html(make_view(real, "priorities")))
    runnable = [text for attrs, text in p.scripts if attrs.get("type") != "application/json"]
    assert len(runnable) == 2  # vis-network and the page's own script
    hashes = {
        "'sha256-" + base64.b64encode(hashlib.sha256(t.encode("utf-8")).digest()).decode() + "'"
        for t in runnable
    }
    script_src = [d for d in p.csp.split(";") if d.strip().startswith("script-src")][0]
    assert set(script_src.split()[1:]) == hashes


def test_every_data_text_is_escaped() -> None:
    ds = xss_dataset()
    for view in ("priorities", "actions", "actors"):
        page = render_html(make_view(ds, view), subtitle=ds.name)
        for raw in ("<img", "<script>window"):
            assert raw not in page, (view, raw)
        p = parse(page)
        # Exactly the two scripts we wrote run; the payloads made no element of their own.
        assert len([a for a, _ in p.scripts if a.get("type") != "application/json"]) == 2
        assert "&lt;img src=x onerror=window.__xss=1&gt;" in page  # header shows it as text
    data = graph_data(render_html(make_view(ds, "actions")))
    titles = " ".join(str(n["title"]) for n in data["nodes"])  # type: ignore[attr-defined]
    assert f"Act {XSS_IMG}" in titles and f"Plan {XSS_SCRIPT}" in titles  # the JSON keeps the text intact


def test_header_says_what_which_data_and_when(real: Dataset) -> None:
    page = render_html(
        make_view(real, "priorities"),
        subtitle="data/empact-2022",
        made=datetime(2026, 1, 2, 3, 4, tzinfo=UTC),
    )
    header = page[page.index("<header>") : page.index("</header>")]
    assert "<h1>Priorities and their synergies</h1>" in header
    assert "Data: data/empact-2022" in header
    assert "15 nodes, 33 links" in header  # 15 priorities; 33 pairs share actions (test_report)
    assert "made 2026-01-02 03:04 UTC" in header


def test_legend_and_filters_list_what_is_drawn(real: Dataset) -> None:
    page = render_html(make_view(real, "actions"))
    start = page.index('<section id="legend"')
    legend = page[start : page.index("</section>", start)]
    for text in ("Priority (15)", "OAP (action plan) (1)", "Strategic goal (9)", "Operational action (17)"):
        assert text in legend
    assert "Declared overlap" in legend and "Actor (" not in legend
    assert "<strong>THB</strong> Trafficking in human beings" in legend
    assert '<option value="CHSG-1">CHSG 1 — Criminal intelligence picture</option>' in page
    assert '<option value="MS">MS — Migrant smuggling</option>' in page
    actors = render_html(make_view(real, "actors"))
    for kind in ("member_state", "eu_agency", "non_eu_country"):
        assert f'name="actor-kind" value="{kind}" checked' in actors


def test_node_size_grows_with_centrality() -> None:
    G = nx.Graph()
    for n, c in (("a", 0.0), ("b", 0.25), ("c", 1.0)):
        G.add_node(n, centrality=c)
    sizes = {n["id"]: n["size"] for n in graph_data(render_html(G))["nodes"]}  # type: ignore[attr-defined]
    assert sizes["a"] < sizes["b"] < sizes["c"]


def test_small_graph_uses_physics_large_graph_is_laid_out(real: Dataset) -> None:
    small = graph_data(render_html(make_view(real, "actions")))
    assert small["physics"] is True
    assert all("x" not in n for n in small["nodes"])  # type: ignore[attr-defined]
    G = nx.gnm_random_graph(400, 800, seed=3)
    page = render_html(G, "big", layout_threshold=300)
    big = graph_data(page)
    assert big["physics"] is False
    xs = [n["x"] for n in big["nodes"]]  # type: ignore[attr-defined]
    assert len(xs) == 400 and len(set(xs)) > 300  # spread out, not stacked
    assert "laid out in advance with physics off" in page
    assert graph_data(render_html(G, "big", layout_threshold=300)) == big  # same seed, same layout


def test_too_many_nodes_keeps_the_most_central_and_says_so() -> None:
    G = nx.star_graph(49)  # hub 0 and 49 leaves: 50 nodes, 49 links; kept: P, the hub and 8 leaves
    nx.set_node_attributes(G, "action", "kind")
    G.add_node("P", kind="priority", label="P")  # priorities are kept even when isolated
    page = render_html(G, "star", max_nodes=10)
    ids = [n["id"] for n in graph_data(page)["nodes"]]  # type: ignore[attr-defined]
    assert len(ids) == 10 and "P" in ids and "0" in ids
    assert "showing the 10 most central of 51 nodes (41 links left out)" in page


def test_write_network_leaves_nothing_when_the_browser_is_missing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OVERLAPGRAPH_CHROMIUM", str(tmp_path / "no-chromium"))
    with pytest.raises(OverlapGraphError, match="Chromium not found at .*no-chromium"):
        write_network(nx.path_graph(3), tmp_path / "p.html", tmp_path / "p.png")
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(ValueError, match="give html, png or both"):
        write_network(nx.path_graph(3))


# --- the draw command -------------------------------------------------------------------------------


def test_draw_writes_the_page(bundled: Path, tmp_path: Path, runner: CliRunner) -> None:
    out = tmp_path / "sub" / "p.html"
    result = runner.invoke(cli, ["draw", str(bundled), "--view", "priorities", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stderr == f"Wrote {out}\n"
    page = out.read_text(encoding="utf-8")
    assert "<h1>Priorities and their synergies</h1>" in page and "MS – THB: score " in page


def test_draw_ego(bundled: Path, tmp_path: Path, runner: CliRunner) -> None:
    out = tmp_path / "ofs.html"
    result = runner.invoke(cli, ["draw", str(bundled), "--view", "ego", "--focus", "OFS", "-o", str(out)])
    assert result.exit_code == 0, result.output
    ids = {n["id"] for n in graph_data(out.read_text(encoding="utf-8"))["nodes"]}  # type: ignore[attr-defined]
    # one priority deep (13607/21 §2.2): OA 8.3 of THB-2022 links OFS to THB and is declared towards MS
    # and CFMLAR too
    assert ids == {
        "priority:OFS",
        "action:THB-2022/OA 8.3",
        "oap:THB-2022",
        "priority:THB",
        "priority:MS",
    } | {"priority:CFMLAR"}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--view", "ego"], "Error: --view ego needs --focus CODE"),
        (
            ["--view", "actions", "--focus", "THB"],
            "Error: --focus and --depth can only be used with --view ego",
        ),
        (["--view", "actors", "--depth", "2"], "Error: --focus and --depth can only be used with --view ego"),
        ([], "Error: give -o/--output FILE.html, --png FILE.png or both"),
    ],
    ids=["ego-without-focus", "focus-without-ego", "depth-without-ego", "no-output"],
)
def test_draw_usage_errors(bundled: Path, runner: CliRunner, args: list[str], message: str) -> None:
    result = runner.invoke(cli, ["draw", str(bundled), *args])
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == message


def test_draw_unknown_focus_is_one_line_and_writes_nothing(
    bundled: Path, tmp_path: Path, runner: CliRunner
) -> None:
    out = tmp_path / "x.html"
    result = runner.invoke(cli, ["draw", str(bundled), "--view", "ego", "--focus", "THX", "-o", str(out)])
    assert result.exit_code == 1
    assert (
        result.stderr == "Error: --focus 'THX' names no priority, OAP, goal, action or actor in the data; "
        "closest: THB, THB-9\n"
    )
    assert not out.exists()


def test_draw_without_browser_writes_nothing(
    bundled: Path, tmp_path: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OVERLAPGRAPH_CHROMIUM", "/nonexistent/chromium")
    html, png = tmp_path / "p.html", tmp_path / "p.png"
    result = runner.invoke(cli, ["draw", str(bundled), "-o", str(html), "--png", str(png)])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: Chromium not found at /nonexistent/chromium: install")
    assert len(result.stderr.splitlines()) == 1
    assert not html.exists() and not png.exists()


def test_report_includes_the_main_views(bundled: Path, tmp_path: Path, runner: CliRunner) -> None:
    result = runner.invoke(cli, ["report", str(bundled), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    titles = {
        "network.html": "Priorities and their synergies",
        "network-actions.html": "OAPs, actions, goals and overlapping priorities",
        "network-actors.html": "Actors and the priorities they bridge",
    }
    for name, title in titles.items():
        page = (tmp_path / "out" / name).read_text(encoding="utf-8")
        assert f"<h1>{title}</h1>" in page
        assert parse(page).urls == []


def test_synthetic_dataset_at_scale_is_laid_out() -> None:
    from overlapgraph.synthetic import synthetic_dataset

    ds = synthetic_dataset(actions=600, actors=80, seed=2)
    page = render_html(make_view(ds, "actions"), subtitle=ds.name)
    data = graph_data(page)
    # 15 priorities + 15 OAPs + 8 common and 15 specific goals + 600 actions, all drawn, all placed.
    assert len(data["nodes"]) == 15 + 15 + 8 + 15 + 600  # type: ignore[arg-type]
    assert data["physics"] is False
    assert all("x" in n and "y" in n for n in data["nodes"])  # type: ignore[attr-defined]


# The pages' data is written by orjson; it must be the text json.dumps wrote before (constructed values).
_json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**63), max_value=2**63 - 1)
    | st.floats(min_value=1e-4, max_value=1e15)  # no exponent form: repr and orjson agree
    | st.text(alphabet=st.characters(codec="utf-8") | st.sampled_from('<>&\u2028\u2029"\\')),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=4),
    max_leaves=20,
)


@settings(max_examples=300)
@given(value=_json_values)
def test_script_json_is_the_json_module_text_and_safe_in_a_script(value: object) -> None:
    from overlapgraph.render.network import _script_json

    text = _script_json(value)
    assert text == (
        json.dumps(value, ensure_ascii=False, separators=(",", ":"))
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )
    assert not set(text) & set("<>&\u2028\u2029") and json.loads(text) == value


def test_script_json_writes_what_orjson_refuses_as_ascii_json() -> None:
    from overlapgraph.render.network import _script_json

    value = {"lone": "\ud800 </script> é", "big": 2**70, "nested": [1.5, None]}  # constructed
    text = _script_json(value)
    assert text.isascii() and "<" not in text
    assert json.loads(text) == value


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(max_size=30), min_size=1, max_size=6))
def test_the_page_in_utf8_is_the_page_as_text(labels: list[str]) -> None:
    """render_page writes the graph's data into the page after the template (at a random mark): the
    bytes are the text's, whatever the data holds (NULs, marks of its own, non-ASCII)."""
    from overlapgraph.render.network import render_page

    G = nx.Graph()  # constructed
    for i, label in enumerate([*labels, "\x00graph-00\x00", "→ é \u2028"]):
        G.add_node(f"n{i}", label=label, tooltip=label, kind="action")
    G.add_edges_from(zip(list(G)[:-1], list(G)[1:], strict=True), tooltip="\x00")
    made = datetime(2026, 1, 1, tzinfo=UTC)
    page = render_page(G, "t", made=made)
    assert page == render_html(G, "t", made=made).encode("utf-8")
    found = re.search(rb'<script type="application/json" id="graph-data">(.*?)</script>', page, re.S)
    assert found is not None
    data = json.loads(found[1])
    assert [n["label"] for n in data["nodes"]] == [G.nodes[n]["label"] for n in G]
