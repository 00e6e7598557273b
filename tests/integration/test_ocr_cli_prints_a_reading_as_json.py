"""`processors ocr` prints one JSON reading, and exits 2 on a file it cannot read."""

import json
import random
from pathlib import Path

import pytest
from click.testing import CliRunner

from processors.cli import main
from processors.documents.corpus.flyer_pages import render_flyer
from processors.documents.corpus.flyer_values import random_flyer
from processors.documents.corpus.scanner import ScanSettings, jpeg_bytes, scan


def _flyer_jpeg(tmp_path: Path) -> tuple[Path, dict[str, object]]:
    rng = random.Random(7)
    flyer = random_flyer(rng)
    image = scan(render_flyer(flyer, rng), ScanSettings.random(rng), seed=7)
    path = tmp_path / "flyer.jpg"
    path.write_bytes(jpeg_bytes(image, quality=80))
    return path, flyer.truth()


@pytest.mark.ocr
def test_a_scanned_flyer_prints_its_fields_with_confidences(tmp_path: Path) -> None:
    """Fields sit at the top level; confidences and reasons under _meta."""
    path, truth = _flyer_jpeg(tmp_path)

    result = CliRunner().invoke(main, ["ocr", "maisoku", str(path)])

    assert result.exit_code == 0, result.output
    output = json.loads(result.output)
    assert set(output) == {*truth, "_meta"}
    assert output["price_yen"] == truth["price_yen"]
    assert output["broker_license"] == truth["broker_license"]
    assert set(output["_meta"]) == {"confidence", "reasons"}
    assert "価格" not in result.output or "\\u" not in result.output


def test_a_missing_file_exits_2(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main, ["ocr", "certified-copy", str(tmp_path / "none.pdf")]
    )

    assert result.exit_code == 2
    assert "does not exist" in result.output


def test_an_unsupported_file_exits_2_saying_what_is_allowed(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("これは文書ではありません")

    result = CliRunner().invoke(main, ["ocr", "maisoku", str(path)])

    assert result.exit_code == 2
    assert "PDF, PNG, JPEG or TIFF" in result.output
