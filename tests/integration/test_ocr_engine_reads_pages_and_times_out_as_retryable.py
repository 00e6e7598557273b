"""The OCR engine reads Japanese from images and PDFs and times out retryably."""

import io

import pytest
from PIL import Image, ImageDraw, ImageFont

from processors.documents.exceptions import OcrTimeoutError
from processors.documents.normalize import parse_yen
from processors.documents.ocr import document_text, ocr_words, page_text
from processors.documents.settings import OcrSettings
from processors.documents.words import TextSource
from processors.exceptions import RetryableJobError

pytestmark = pytest.mark.ocr

FONT = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"


def _page(lines: list[str]) -> Image.Image:
    image = Image.new("L", (1600, 120 + 90 * len(lines)), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(FONT, 48)
    for index, line in enumerate(lines):
        draw.text((80, 60 + 90 * index), line, font=font, fill=0)
    return image


def _pdf(images: list[Image.Image]) -> bytes:
    buffer = io.BytesIO()
    images[0].save(
        buffer, format="PDF", save_all=True, append_images=images[1:], resolution=300
    )
    return buffer.getvalue()


def test_words_come_with_boxes_and_confidences() -> None:
    """Each word has its text, a box on the line it was drawn on, and a confidence."""
    words = ocr_words(_page(["価格 2,380万円"]), timeout_s=60)

    assert parse_yen("".join(word.text for word in words)) == 23_800_000
    assert all(50 <= word.top <= 140 and 0 < word.confidence <= 1 for word in words)


def test_page_text_returns_the_visual_lines_top_to_bottom() -> None:
    page = page_text(
        _page(["所在地 東京都港区南青山", "交通 銀座線「外苑前」駅 徒歩5分"])
    )

    assert page.source is TextSource.OCR
    texts = [line.text.replace(" ", "") for line in page.lines]
    assert len(texts) == 2
    assert "東京都港区南青山" in texts[0]
    assert "徒歩5分" in texts[1]


def test_pages_of_a_document_are_read_in_parallel_and_kept_in_order() -> None:
    """Two scanned pages, two workers: the texts come back in page order."""
    pdf = _pdf([_page(["一ページ目 所有権保存"]), _page(["二ページ目 抵当権設定"])])

    pages = document_text(pdf, settings=OcrSettings(max_workers=2, reread_below=0))

    assert [page.number for page in pages] == [1, 2]
    assert "所有権保存" in pages[0].text.replace(" ", "")
    assert "抵当権設定" in pages[1].text.replace(" ", "")


def test_a_page_that_takes_too_long_is_a_retryable_timeout() -> None:
    """The hard per-page timeout kills Tesseract and asks for a later attempt."""
    with pytest.raises(OcrTimeoutError, match="timeout_s=0.01") as caught:
        ocr_words(_page(["時間切れ"] * 8), timeout_s=0.01)

    assert isinstance(caught.value, RetryableJobError)
