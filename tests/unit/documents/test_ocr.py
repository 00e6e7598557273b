"""Tesseract's TSV becomes words; phantom letters are dropped; failures are typed."""

import pytest
from PIL import Image

from processors.documents.exceptions import OcrEngineError
from processors.documents.ocr import ocr_words, parse_tsv, without_phantoms
from processors.documents.words import OcrWord
from processors.exceptions import RetryableJobError

HEADER = "\t".join(
    [
        "level",
        "page_num",
        "block_num",
        "par_num",
        "line_num",
        "word_num",
        "left",
        "top",
        "width",
        "height",
        "conf",
        "text",
    ]
)


def _row(
    level: int,
    block: int,
    line: int,
    box: tuple[int, int, int, int],
    conf: float,
    text: str,
) -> str:
    cells = (level, 1, block, 1, line, 1, *box, conf, text)
    return "\t".join(str(cell) for cell in cells)


def test_parse_tsv_keeps_only_words_with_text() -> None:
    """Layout rows and blank words are skipped; confidence is scaled to 0..1."""
    tsv = "\n".join(
        [
            HEADER,
            _row(2, 1, 0, (10, 20, 500, 40), -1, ""),
            _row(4, 1, 1, (10, 20, 500, 40), -1, ""),
            _row(5, 1, 1, (10, 20, 80, 40), 96.5, "所在"),
            _row(5, 1, 1, (100, 20, 10, 40), 95, " "),
            _row(5, 2, 3, (400, 22, 120, 38), 41.25, "南青山"),
        ]
    )

    words = parse_tsv(tsv)

    assert words == [
        OcrWord("所在", 10, 20, 80, 40, 0.965, block=1, paragraph=1, line=1),
        OcrWord("南青山", 400, 22, 120, 38, 0.4125, block=2, paragraph=1, line=3),
    ]


def _word(
    text: str, left: int, width: int, confidence: float, height: int = 38
) -> OcrWord:
    return OcrWord(
        text, left, 100, width, height, confidence, block=1, paragraph=1, line=1
    )


def test_a_narrow_unsure_kanji_is_dropped_as_a_phantom() -> None:
    """人 read off the left of 造 goes; narrow digits and sure letters stay."""
    words = [
        _word("ト", 700, 29, 0.93),
        _word("人", 784, 10, 0.58),
        _word("造", 817, 24, 0.92),
        _word("1", 855, 16, 0.30),
        _word("一", 900, 10, 0.10),
        _word("階", 940, 36, 0.92),
    ]

    kept = [word.text for word in without_phantoms(words)]

    assert kept == ["ト", "造", "1", "一", "階"]


def test_a_missing_tesseract_is_a_retryable_engine_error() -> None:
    """A bad executable fails the job for now, naming the setting to fix."""
    with pytest.raises(OcrEngineError, match="PROCESSORS_OCR_TESSERACT_CMD") as caught:
        ocr_words(
            Image.new("L", (10, 10), 255),
            timeout_s=5,
            tesseract_cmd="/nonexistent/tesseract",
        )

    assert isinstance(caught.value, RetryableJobError)
