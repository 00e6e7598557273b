"""Generate a set of scanned documents: `python -m processors.documents.corpus`."""

import argparse
from pathlib import Path

from processors.documents.corpus.build import KINDS, SET_SEEDS, generate
from processors.logs import configure_logging


def main() -> None:
    """Write the requested set under the output folder, skipping existing files."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--set", choices=sorted(SET_SEEDS), default="tuning")
    parser.add_argument("--kind", choices=KINDS, action="append")
    parser.add_argument("--count", type=int, default=12)
    parser.add_argument("--out", type=Path, default=Path("var/corpus"))
    arguments = parser.parse_args()
    configure_logging()
    for kind in arguments.kind or KINDS:
        generate(arguments.out, arguments.set, kind, arguments.count)


if __name__ == "__main__":
    main()
