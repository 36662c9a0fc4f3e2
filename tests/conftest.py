"""Shared fixtures: paths to the bundled data and real documents, a CLI runner."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

REPO = Path(__file__).resolve().parent.parent
BUNDLED = REPO / "data" / "empact-2022"
SOURCES = REPO.parent / "shared" / "sources"
THB_2022 = SOURCES / "oap-2022-thb-13607-21.txt"


@pytest.fixture
def runner() -> CliRunner:
    """A click test runner (stdout and stderr kept apart)."""
    return CliRunner()


@pytest.fixture(scope="session")
def bundled() -> Path:
    """The bundled dataset folder data/empact-2022."""
    return BUNDLED


@pytest.fixture(scope="session")
def thb_document() -> Path:
    """The real public THB 2022 OAP document (Council 13607/21)."""
    assert THB_2022.is_file(), f"missing real source document {THB_2022}"
    return THB_2022
