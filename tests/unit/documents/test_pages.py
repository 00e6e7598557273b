"""Documents open as pages: text layers are read directly, scans are rasterised."""

import io

import pytest
from PIL import Image
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen.canvas import Canvas

from processors.documents.exceptions import UnsupportedDocumentError
from processors.documents.pages import RasterPage, TextLayerPage, load_pages, sniff_kind


def _text_pdf(lines: list[str]) -> bytes:
    pdfmetrics.registerFont(UnicodeCIDFont("HeiseiKakuGo-W5"))
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4)
    canvas.setFont("HeiseiKakuGo-W5", 12)
    for index, line in enumerate(lines):
        canvas.drawString(72, 760 - index * 20, line)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _image_bytes(kind: str, dpi: int | None = None) -> bytes:
    buffer = io.BytesIO()
    options = {"dpi": (dpi, dpi)} if dpi else {}
    Image.new("L", (200, 100), 255).save(buffer, format=kind, **options)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"%PDF-1.7\n", "pdf"),
        (b"\n\n%PDF-1.4 junk first", "pdf"),
        (b"\x89PNG\r\n\x1a\n....", "png"),
        (b"\xff\xd8\xff\xe0....", "jpeg"),
        (b"II*\x00....", "tiff"),
    ],
)
def test_sniff_kind_knows_documents_by_their_first_bytes(
    data: bytes, kind: str
) -> None:
    assert sniff_kind(data) == kind


def test_other_files_are_refused_saying_what_is_allowed() -> None:
    """A text file is not a document: the error quotes its first bytes."""
    with pytest.raises(UnsupportedDocumentError, match=r"PDF, PNG, JPEG or TIFF"):
        load_pages(b"hello, world", dpi=300)


def test_a_missing_file_is_refused_with_its_path(tmp_path) -> None:
    """A path that does not exist is named in the error."""
    missing = tmp_path / "none.pdf"
    with pytest.raises(UnsupportedDocumentError, match="none.pdf"):
        load_pages(missing, dpi=300)


def test_a_pdf_with_a_text_layer_is_read_without_ocr() -> None:
    """Characters come from the PDF itself, with boxes in pixels at the asked dpi."""
    pages = load_pages(
        _text_pdf(["価格 2,380万円", "所在地 東京都港区南青山三丁目"]), dpi=200
    )

    assert len(pages) == 1
    page = pages[0]
    assert isinstance(page, TextLayerPage)
    assert "".join(word.text for word in page.words).startswith("価格2,380万円")
    assert page.width_px == round(A4[0] * 200 / 72)
    first = page.words[0]
    assert first.left == pytest.approx(200, abs=4)
    assert first.confidence == 1.0


def test_an_image_only_pdf_is_rasterised_at_the_asked_dpi() -> None:
    """A scan has no text layer, so its page becomes a grayscale image."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(144, 72))
    canvas.rect(10, 10, 50, 20, fill=1)
    canvas.showPage()
    canvas.save()

    (page,) = load_pages(buffer.getvalue(), dpi=150)

    assert isinstance(page, RasterPage)
    assert page.image.mode == "L"
    assert page.image.size == (300, 150)


@pytest.mark.parametrize(
    ("kind", "dpi", "expected"),
    [("PNG", None, 300), ("JPEG", 200, 200), ("PNG", 72, 300)],
)
def test_an_image_is_one_page_at_its_stated_resolution(
    kind: str, dpi: int | None, expected: int
) -> None:
    """Images keep a plausible stated dpi; none or a screen dpi means 300."""
    (page,) = load_pages(_image_bytes(kind, dpi), dpi=300)

    assert isinstance(page, RasterPage)
    assert page.dpi == expected
