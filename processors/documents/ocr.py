"""The OCR engine: words, lines and page texts from images and documents.

Tesseract runs as a subprocess with one thread (`OMP_THREAD_LIMIT=1`) and a hard
timeout per page; the pages of a multi-page document are recognised in a process
pool with one worker per CPU. PDF pages that carry a text layer skip OCR.
"""

import concurrent.futures
import io
import logging
import multiprocessing
import os
import subprocess
from collections.abc import Sequence
from dataclasses import replace
from functools import partial

from PIL import Image

from processors.documents.exceptions import OcrEngineError, OcrTimeoutError
from processors.documents.lines import group_lines
from processors.documents.normalize import is_kana, is_kanji
from processors.documents.pages import (
    DocumentSource,
    RasterPage,
    TextLayerPage,
    load_pages,
)
from processors.documents.preprocess import prepare_for_ocr
from processors.documents.reread import reread_doubtful
from processors.documents.settings import OcrSettings
from processors.documents.words import OcrLine, OcrWord, PageText, TextSource

__all__ = [
    "OcrLine",
    "OcrWord",
    "PageText",
    "document_text",
    "ocr_words",
    "page_text",
]

logger = logging.getLogger(__name__)

_TSV_COLUMNS = 12
_WORD_LEVEL = "5"


def ocr_words(
    image: Image.Image,
    *,
    timeout_s: float,
    languages: str = "jpn",
    tesseract_cmd: str = "tesseract",
    page_segmentation_mode: int = 4,
) -> list[OcrWord]:
    """Recognise the words of one page image with Tesseract, in reading order."""
    # No --dpi: told the resolution, Tesseract drops lines it finds too large for
    # text (the bold title of a flyer); left to estimate it, it keeps them.
    command = [
        tesseract_cmd,
        "stdin",
        "stdout",
        "-l",
        languages,
        "--psm",
        str(page_segmentation_mode),
        "tsv",
    ]
    tsv = _run_tesseract(command, _as_pnm(image), timeout_s=timeout_s)
    return parse_tsv(tsv)


def _as_pnm(image: Image.Image) -> bytes:
    # Uncompressed: encoding PNG would cost more than Tesseract spends reading it.
    buffer = io.BytesIO()
    image.convert("L").save(buffer, format="PPM")
    return buffer.getvalue()


def _run_tesseract(command: list[str], image: bytes, *, timeout_s: float) -> str:
    environment = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    try:
        completed = subprocess.run(
            command,
            input=image,
            capture_output=True,
            timeout=timeout_s,
            env=environment,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise OcrTimeoutError(
            f"Tesseract took longer than timeout_s={timeout_s} on one page; "
            "the page is retried later"
        ) from exc
    except OSError as exc:
        raise OcrEngineError(
            f"cannot run Tesseract as {command[0]!r}: {exc.strerror}; install "
            "tesseract-ocr or set PROCESSORS_OCR_TESSERACT_CMD"
        ) from exc
    if completed.returncode != 0:
        stderr = completed.stderr.decode("utf-8", "replace").strip()
        raise OcrEngineError(
            f"Tesseract exited with {completed.returncode}: {stderr[-500:]!r}"
        )
    return completed.stdout.decode("utf-8", "replace")


def parse_tsv(tsv: str) -> list[OcrWord]:
    """The words of Tesseract's TSV output, skipping its layout-only rows."""
    words = []
    for row in tsv.splitlines()[1:]:
        cells = row.split("\t", _TSV_COLUMNS - 1)
        if len(cells) < _TSV_COLUMNS or cells[0] != _WORD_LEVEL:
            continue
        text = cells[11].strip()
        if not text:
            continue
        words.append(
            OcrWord(
                text=text,
                left=int(cells[6]),
                top=int(cells[7]),
                width=int(cells[8]),
                height=int(cells[9]),
                confidence=max(0.0, min(1.0, float(cells[10]) / 100)),
                block=int(cells[2]),
                paragraph=int(cells[3]),
                line=int(cells[4]),
            )
        )
    return words


def page_text(
    image: Image.Image,
    *,
    number: int = 1,
    dpi: int = 300,
    settings: OcrSettings | None = None,
) -> PageText:
    """Recognise one page image and return its visual lines."""
    chosen = settings or OcrSettings()
    prepared = prepare_for_ocr(image, chosen.preprocess_steps)
    lines = group_lines(_recognise(prepared, chosen, chosen.page_segmentation_mode))
    if chosen.reread_below > 0:
        lines = reread_doubtful(
            prepared,
            lines,
            partial(_recognise, settings=chosen, mode=REREAD_SEGMENTATION_MODE),
            below=chosen.reread_below,
        )
    return PageText(
        number=number,
        width_px=image.width,
        height_px=image.height,
        dpi=dpi,
        source=TextSource.OCR,
        lines=tuple(lines),
    )


def _recognise(image: Image.Image, settings: OcrSettings, mode: int) -> list[OcrWord]:
    words = ocr_words(
        image,
        timeout_s=settings.page_timeout_s,
        languages=settings.languages,
        tesseract_cmd=settings.tesseract_cmd,
        page_segmentation_mode=mode,
    )
    return without_phantoms(words)


REREAD_SEGMENTATION_MODE = 6
"""The stacked doubtful lines are one uniform block of text."""


PHANTOM_MAX_CONFIDENCE = 0.6
PHANTOM_MAX_WIDTH_RATIO = 0.35
"""Width per character, as a share of the line's typical height, below which an
unsure word cannot hold real glyphs."""


def without_phantoms(words: list[OcrWord]) -> list[OcrWord]:
    """The words less the phantom letters Tesseract's LSTM sometimes emits.

    On a degraded scan the recogniser can read part of a glyph as a letter of its
    own (人 before 造) or stutter (トト for ト). Such words are unsure and narrower
    per letter than any real glyph of the line; they are dropped, and an unsure
    word of one letter repeated keeps a single one.
    """
    heights: dict[tuple[int, int, int], list[int]] = {}
    for word in words:
        heights.setdefault(_line_key(word), []).append(word.height)
    typical = {key: sorted(values)[len(values) // 2] for key, values in heights.items()}
    kept = []
    for word in words:
        if word.confidence >= PHANTOM_MAX_CONFIDENCE:
            kept.append(word)
        elif not _is_phantom(word, typical[_line_key(word)]):
            kept.append(_unstuttered(word))
    return kept


def _line_key(word: OcrWord) -> tuple[int, int, int]:
    return word.block, word.paragraph, word.line


def _is_phantom(word: OcrWord, typical_height: int) -> bool:
    # Only kanji and kana: digits and punctuation are narrow by nature, and 一 is
    # a dash too.
    if (
        not all(is_kanji(char) or is_kana(char) for char in word.text)
        or "一" in word.text
    ):
        return False
    return word.width / len(word.text) < PHANTOM_MAX_WIDTH_RATIO * typical_height


def _unstuttered(word: OcrWord) -> OcrWord:
    text = word.text
    if len(text) > 1 and len(set(text)) == 1 and is_kana(text[0]):
        return replace(word, text=text[0])
    return word


def document_text(
    source: DocumentSource, *, settings: OcrSettings | None = None
) -> list[PageText]:
    """The text of every page of a PDF or image file, in page order."""
    chosen = settings or OcrSettings()
    pages = load_pages(source, dpi=chosen.dpi)
    raster = [page for page in pages if isinstance(page, RasterPage)]
    recognised = {text.number: text for text in _recognise_pages(raster, chosen)}
    logger.info(
        "Read %d page(s): %d by OCR, %d from the text layer",
        len(pages),
        len(raster),
        len(pages) - len(raster),
    )
    return [
        _layer_text(page)
        if isinstance(page, TextLayerPage)
        else recognised[page.number]
        for page in pages
    ]


def _layer_text(page: TextLayerPage) -> PageText:
    return PageText(
        number=page.number,
        width_px=page.width_px,
        height_px=page.height_px,
        dpi=page.dpi,
        source=TextSource.TEXT_LAYER,
        lines=tuple(group_lines(page.words)),
    )


def _recognise_pages(
    pages: Sequence[RasterPage], settings: OcrSettings
) -> list[PageText]:
    workers = min(len(pages), settings.max_workers or os.cpu_count() or 1)
    if workers <= 1:
        return [_page_text_of(page, settings) for page in pages]
    # forkserver: forking a process that runs Kafka client threads is unsafe.
    context = multiprocessing.get_context("forkserver")
    with concurrent.futures.ProcessPoolExecutor(workers, mp_context=context) as pool:
        futures = [pool.submit(_page_text_of, page, settings) for page in pages]
        return [future.result() for future in futures]


def _page_text_of(page: RasterPage, settings: OcrSettings) -> PageText:
    return page_text(page.image, number=page.number, dpi=page.dpi, settings=settings)
