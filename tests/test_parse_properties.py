"""Property tests: the real document mutated (lines dropped, duplicated, reordered, corrupted) parses to a
valid dataset or raises InputError, never anything else, and never hangs."""

from __future__ import annotations

import time
from datetime import timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from overlapgraph.errors import InputError
from overlapgraph.ingest.documents import parse_documents
from tests.conftest import THB_2022

LINES = THB_2022.read_text(encoding="utf-8").split("\n")
N = len(LINES)
#: A generous bound per document (a parse takes a few milliseconds): a guard against hangs and
#: regular-expression blow-ups, not a measure of speed.
LIMIT_S = 5.0

# Mostly the lines that carry facts (cover note, goals, overlaps, actors), sometimes anywhere.
_index = st.one_of(
    st.integers(0, N - 1),
    st.integers(20, 32),
    st.integers(48, 60),
    st.integers(120, 152),
)
_noise = st.text(
    alphabet=st.sampled_from(list("OAP (;,.)-–—:*_ 0123456789aeiouDELTSubjct\t/&\\#") + ["\u00a0", "\ufb01"]),
    max_size=60,
)
_op = st.one_of(
    st.tuples(st.just("drop"), _index),
    st.tuples(st.just("duplicate"), _index),
    st.tuples(st.just("swap"), _index, _index),
    st.tuples(st.just("replace"), _index, _noise),
    st.tuples(st.just("insert"), _index, st.integers(0, 200), _noise),
    st.tuples(st.just("truncate"), _index, st.integers(0, 200)),
)


def _mutate(ops: list[tuple[object, ...]]) -> str:
    lines = list(LINES)
    for op in ops:
        kind, i = op[0], int(op[1]) % max(len(lines), 1)  # type: ignore[call-overload]
        if not lines:
            break
        if kind == "drop":
            del lines[i]
        elif kind == "duplicate":
            lines.insert(i, lines[i])
        elif kind == "swap":
            j = int(op[2]) % len(lines)  # type: ignore[call-overload]
            lines[i], lines[j] = lines[j], lines[i]
        elif kind == "replace":
            lines[i] = str(op[2])
        elif kind == "insert":
            at = int(op[2]) % (len(lines[i]) + 1)  # type: ignore[call-overload]
            lines[i] = lines[i][:at] + str(op[3]) + lines[i][at:]
        elif kind == "truncate":
            lines[i] = lines[i][: int(op[2])]  # type: ignore[call-overload]
    return "\n".join(lines)


_SETTINGS = settings(
    max_examples=300,
    deadline=timedelta(seconds=LIMIT_S),
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _check(path: Path, strict: bool) -> None:
    start = time.perf_counter()
    try:
        result = parse_documents([path], strict=strict)
    except InputError as e:
        assert str(e), "an InputError says what is wrong"
    else:
        ds = result.dataset
        assert len(ds.oaps) == 1
        assert {a.oap_id for a in ds.actions} <= {ds.oaps[0].oap_id}
        assert not (strict and result.warnings)
    assert time.perf_counter() - start < LIMIT_S


@_SETTINGS
@given(ops=st.lists(_op, min_size=1, max_size=8), strict=st.booleans())
def test_mutated_text_gives_a_dataset_or_an_input_error(
    tmp_path: Path, ops: list[tuple[object, ...]], strict: bool
) -> None:
    path = tmp_path / "mutated.txt"
    path.write_text(_mutate(ops), encoding="utf-8")
    _check(path, strict)


@_SETTINGS
@given(data=st.binary(max_size=400), at=st.integers(0, 12000))
def test_bytes_spliced_into_the_document(tmp_path: Path, data: bytes, at: int) -> None:
    raw = THB_2022.read_bytes()
    path = tmp_path / "spliced.md"
    path.write_bytes(raw[:at] + data + raw[at:])
    _check(path, False)


def test_unmutated_document_passes_the_same_check(tmp_path: Path) -> None:
    path = tmp_path / "same.txt"
    path.write_text(_mutate([]), encoding="utf-8")
    assert len(parse_documents([path]).dataset.overlaps) == 50


@settings(
    max_examples=20,
    deadline=timedelta(seconds=LIMIT_S * 2),
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(ops=st.lists(_op, min_size=1, max_size=6), running=st.booleans())
def test_mutated_document_as_pdf(tmp_path: Path, ops: list[tuple[object, ...]], running: bool) -> None:
    from tests.test_parse_pdf import make_pdf

    path = make_pdf(_mutate(ops), tmp_path / "mutated.pdf", running=running)
    _check(path, False)
