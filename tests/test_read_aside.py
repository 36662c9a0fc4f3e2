"""The command line reads its input in a forked child while it loads networkx, igraph and the page
templates (overlapgraph.cli._group.read_inputs), and starts without them (overlapgraph._lazy).

What it read, the warnings and every error must be those of a read in the process itself: each test
here runs the real entry point (a fresh process, where the read goes aside) and compares with the same
command run in this process (where it does not: the modules are loaded already).
"""

from __future__ import annotations

import pickle
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from overlapgraph.cli import cli
from overlapgraph.errors import Problem, ValidationError
from overlapgraph.ingest import read_dataset, write_dataset
from overlapgraph.model import Dataset, Priority
from overlapgraph.synthetic import synthetic_dataset

DATA = Path(__file__).resolve().parents[1] / "data"
ASIDE = "Reading in a child process while loading"
HEAVY = ("networkx", "igraph", "jinja2", "pandas", "numpy", "neo4j")


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "overlapgraph", *args], capture_output=True, text=True, timeout=300
    )


def python(code: str) -> str:
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.strip()


def test_the_command_line_starts_without_the_heavy_modules() -> None:
    loaded = python(
        "import sys, overlapgraph, overlapgraph.cli, overlapgraph.model, overlapgraph.ingest; "
        f"print([m for m in {HEAVY!r} if m in sys.modules])"
    )
    assert loaded == "[]"


def test_validate_never_loads_the_analysis() -> None:
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "overlapgraph", "validate", str(DATA / "empact-2022")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0 and "valid:" in proc.stdout
    imported = {line.rsplit("|", 1)[-1].strip() for line in proc.stderr.splitlines() if "|" in line}
    assert "overlapgraph.ingest.tables" in imported  # the import log is complete
    assert not imported & set(HEAVY)


def test_lazy_names_are_the_eager_ones() -> None:
    import overlapgraph
    import overlapgraph.analysis as analysis
    import overlapgraph.analysis.structure  # noqa: F401  (the submodule, imported by anyone)
    from overlapgraph.analysis import reciprocity, structure
    from overlapgraph.analysis.reciprocity import reciprocity as reciprocity_function
    from overlapgraph.analysis.structure import structure as structure_function

    # a name its own submodule defines stays the function, as an eager import leaves it
    assert structure is structure_function and reciprocity is reciprocity_function
    assert analysis.structure is structure_function
    for package in (overlapgraph, analysis):
        assert all(getattr(package, name) is not None for name in package.__all__)
        assert set(package.__all__) <= set(dir(package))
    with pytest.raises(AttributeError, match="no attribute 'nothing'"):
        _ = overlapgraph.nothing
    assert overlapgraph.__version__


def test_a_dataset_pickles_as_columns() -> None:
    for ds in (
        read_dataset(DATA / "empact-2022"),
        read_dataset(DATA / "constructed-2023"),
        synthetic_dataset(priorities=6, actions=80, actors=20, actors_per_action=3, seed=4),  # constructed
        Dataset(name="empty"),
    ):
        back = pickle.loads(pickle.dumps(ds))
        assert back == ds and back.name == ds.name
        assert [type(r) for r in back.participations] == [type(r) for r in ds.participations]
    # records of two classes in one table (not in a valid dataset) come back as they were
    mixed = Dataset(priorities=[Priority("A", "a"), "not a priority"])  # type: ignore[list-item]
    assert pickle.loads(pickle.dumps(mixed)) == mixed


def test_a_validation_error_pickles_with_its_problems() -> None:
    e = ValidationError([Problem("a.csv", 3, "code", "bad"), Problem("b.csv", 0, "", "missing")])
    back = pickle.loads(pickle.dumps(e))
    assert isinstance(back, ValidationError) and back.problems == e.problems and str(back) == str(e)


def test_a_report_reads_aside_and_writes_what_a_read_here_gives(tmp_path: Path) -> None:
    ds = synthetic_dataset(priorities=8, actions=300, actors=40, actors_per_action=3, seed=7)  # constructed
    write_dataset(ds, tmp_path / "ds")
    proc = run("-v", "report", str(tmp_path / "ds"), "-o", str(tmp_path / "aside"))
    assert proc.returncode == 0, proc.stderr
    assert ASIDE in proc.stderr
    here = CliRunner().invoke(cli, ["-v", "report", str(tmp_path / "ds"), "-o", str(tmp_path / "here")])
    assert here.exit_code == 0, here.output
    assert ASIDE not in here.output  # the modules are loaded in this process: nothing to overlap
    assert proc.stdout in here.output  # the same summary, from the same dataset
    assert (tmp_path / "aside" / "synergies.csv").read_bytes() == (
        tmp_path / "here" / "synergies.csv"
    ).read_bytes()


@pytest.mark.parametrize(
    "damage",
    [
        ("overlaps.csv", "THB-2022,1.2,MS,", "THB-2022,1.2,NOPE,"),  # an unknown priority
        ("actions.csv", "THB-2022,1.1,", "THB-2022,x.1,"),  # a malformed action code
        ("priorities.csv", "code,", "kode,"),  # a header without its key column
    ],
)
def test_bad_input_read_aside_gives_the_same_error(tmp_path: Path, damage: tuple[str, str, str]) -> None:
    folder = tmp_path / "ds"
    write_dataset(read_dataset(DATA / "empact-2022"), folder)
    name, old, new = damage
    text = (folder / name).read_text(encoding="utf-8")
    assert old in text
    (folder / name).write_text(text.replace(old, new, 1), encoding="utf-8")  # constructed damage
    proc = run("-v", "report", str(folder), "-o", str(tmp_path / "aside"))
    here = CliRunner().invoke(cli, ["report", str(folder), "-o", str(tmp_path / "here")])
    assert proc.returncode == here.exit_code == 1
    assert ASIDE in proc.stderr  # read aside, and failed there
    error = [line for line in proc.stderr.splitlines() if not line.startswith("Reading ")]
    assert "\n".join(error) + "\n" == here.output and "Traceback" not in proc.stderr
    assert not (tmp_path / "aside").exists() and not (tmp_path / "here").exists()


def test_documents_read_aside_give_the_same_dataset_and_notes(tmp_path: Path) -> None:
    docs = sorted(str(p) for p in (DATA / "constructed-2026-2027").iterdir() if p.suffix != ".csv")
    assert any(d.endswith(".docx") for d in docs) and any(d.endswith(".pdf") for d in docs)
    proc = run("-v", "report", *docs, "-o", str(tmp_path / "aside"))
    assert proc.returncode == 0, proc.stderr
    assert ASIDE in proc.stderr
    here = CliRunner().invoke(cli, ["-v", "report", *docs, "-o", str(tmp_path / "here")])
    assert here.exit_code == 0, here.output
    # each document's summary and warnings, and the summary of what was read, the same
    notes = [
        line
        for line in proc.stderr.splitlines()
        if ": " in line and not line.startswith(("Reading", "Read ", "Wrote"))
    ]
    assert notes and notes == [
        line for line in here.stderr.splitlines() if ": " in line and not line.startswith(("Read ", "Wrote"))
    ]
    assert proc.stdout == here.stdout
