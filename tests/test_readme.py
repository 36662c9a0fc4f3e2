"""The README and docs/ as a new user meets them: the Quickstart, working links, a small screenshot."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import REPO

README = REPO / "README.md"
DOCS = sorted((REPO / "docs").glob("*.md"))
LINK = re.compile(r"\]\(([^)\s]+)\)")


def _anchor(heading: str) -> str:
    """GitHub's anchor of a Markdown heading."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


def _anchors(path: Path) -> set[str]:
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"```.*?```", "", text, flags=re.S)  # '#' lines in code blocks are not headings
    return {_anchor(m) for m in re.findall(r"^#+ (.+)$", text, flags=re.M)}


def test_quickstart_has_the_two_commands_unchanged() -> None:
    text = README.read_text(encoding="utf-8")
    quick = text.split("## Quickstart", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```sh\n(.*?)```", quick, flags=re.S)
    assert blocks == [
        "python3 -m pip install . && overlapgraph report data/empact-2022 -o out/\n",
        "bash scripts/test.sh\n",
    ]


@pytest.mark.parametrize("doc", [README, *DOCS], ids=lambda p: p.name)
def test_relative_links_resolve(doc: Path) -> None:
    broken = []
    for target in LINK.findall(doc.read_text(encoding="utf-8")):
        if re.match(r"[a-z]+:", target):
            continue  # http(s) and mailto links are not checked offline
        file, _, anchor = target.partition("#")
        path = (doc.parent / file).resolve() if file else doc
        if not path.exists():
            broken.append(target)
        elif anchor and path.suffix == ".md" and anchor not in _anchors(path):
            broken.append(target)
    assert broken == []


@pytest.mark.parametrize("name", ["priorities", "matrix", "panel", "brief"])
def test_screenshot_is_small_and_a_png(name: str) -> None:
    img = REPO / "docs" / "img" / f"{name}.png"
    data = img.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert len(data) < 300_000
    assert f"docs/img/{name}.png" in (REPO / "README.md").read_text("utf-8")


def test_env_example_names_every_variable_with_dummy_values() -> None:
    lines = (REPO / ".env.example").read_text(encoding="utf-8").splitlines()
    values = dict(line.split("=", 1) for line in lines if line and not line.startswith("#"))
    assert sorted(values) == ["NEO4J_DATABASE", "NEO4J_PASSWORD", "NEO4J_URI", "NEO4J_USERNAME"]
    assert "not-a-real" in values["NEO4J_PASSWORD"]
