"""Regenerate data/empact-2022 from the real document 13607/21 with the parser and the reference tables.

The THB 2022 facts of the bundled dataset are what ``overlapgraph parse`` extracts from the public
Council document; priorities and actor names and kinds come from ``overlapgraph/reference/``.
tests/test_parse_real.py checks that the bundled data equals a fresh parse.

Usage: python3 scripts/build_empact_2022.py [DOCUMENT]
"""

from __future__ import annotations

import sys
from pathlib import Path

from overlapgraph.ingest.documents import parse_documents, write_parsed_dataset

REPO = Path(__file__).resolve().parent.parent
DOCUMENT = REPO / "data" / "sources" / "oap-2022-thb-13607-21.txt"
TARGET = REPO / "data" / "empact-2022"


def main(argv: list[str]) -> int:
    document = Path(argv[0]) if argv else DOCUMENT
    result = parse_documents([document])
    for w in result.warnings:
        print(f"Warning: {w}", file=sys.stderr)
    write_parsed_dataset(result.dataset, TARGET)
    print(f"Wrote {TARGET}: {result.dataset.summary()}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
