"""Generating the tuning and held-out sets: scanned PDFs, ground truth beside them."""

import json
import logging
import random
from collections.abc import Callable
from pathlib import Path

from PIL import Image

from processors.documents.corpus.flyer_pages import render_flyer
from processors.documents.corpus.flyer_values import random_flyer
from processors.documents.corpus.registry_pages import render_registry
from processors.documents.corpus.registry_values import random_registration
from processors.documents.corpus.scanner import scanned_pdf

logger = logging.getLogger(__name__)

SET_SEEDS = {"tuning": 1_000, "heldout": 900_000}
"""First seed of each set; sets never share a seed, so never share a document."""

KINDS = ("certified_copy", "maisoku")
_KIND_SEED_OFFSET = {"certified_copy": 0, "maisoku": 100_000}


def _certified_copy(rng: random.Random) -> tuple[list[Image.Image], dict[str, object]]:
    unit = random_registration(rng)
    return render_registry(unit, rng), unit.truth()


def _maisoku(rng: random.Random) -> tuple[list[Image.Image], dict[str, object]]:
    flyer = random_flyer(rng)
    return [render_flyer(flyer, rng)], flyer.truth()


_MAKERS: dict[
    str, Callable[[random.Random], tuple[list[Image.Image], dict[str, object]]]
] = {
    "certified_copy": _certified_copy,
    "maisoku": _maisoku,
}


def document_path(root: Path, set_name: str, kind: str, index: int) -> Path:
    """Where a document of a set lives: root/set/kind/NNN.pdf."""
    return root / set_name / kind / f"{index:03d}.pdf"


def generate(root: Path, set_name: str, kind: str, count: int) -> list[Path]:
    """Write the set's first `count` documents that do not exist yet; return all."""
    return [generate_one(root, set_name, kind, index) for index in range(count)]


def generate_one(root: Path, set_name: str, kind: str, index: int) -> Path:
    """Write one document of a set (and its truth) unless it exists; return its path."""
    if set_name not in SET_SEEDS or kind not in KINDS:
        raise ValueError(
            f"unknown set {set_name!r} or kind {kind!r}; sets: {', '.join(SET_SEEDS)}, "
            f"kinds: {', '.join(KINDS)}"
        )
    path = document_path(root, set_name, kind, index)
    if not path.exists() or not truth_path(path).exists():
        _write(path, kind, SET_SEEDS[set_name] + _KIND_SEED_OFFSET[kind] + index)
    return path


def _write(path: Path, kind: str, seed: int) -> None:
    rng = random.Random(seed)
    pages, truth = _MAKERS[kind](rng)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(scanned_pdf(pages, rng))
    truth_path(path).write_text(
        json.dumps({"seed": seed, "fields": truth}, ensure_ascii=False, indent=2)
        + "\n",
        encoding="utf-8",
    )
    logger.info("Generated %s (%d page(s), seed %d)", path, len(pages), seed)


def truth_path(document: Path) -> Path:
    """The ground-truth JSON written next to a generated document."""
    return document.with_suffix(".json")


def read_truth(document: Path) -> dict[str, object]:
    """The ground-truth fields of a generated document."""
    data = json.loads(truth_path(document).read_text(encoding="utf-8"))
    fields: dict[str, object] = data["fields"]
    return fields
