import io
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from reportlab.pdfgen.canvas import Canvas

from processors.documents.band.exceptions import BandFontError
from processors.documents.band.fonts import FontFace, register_font
from tests.factories.flyers import BOLD, REGULAR


def _drawn_text(font: str, text: str) -> str:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(400, 100))
    canvas.setFont(font, 14)
    canvas.drawString(10, 40, text)
    canvas.save()
    document = pdfium.PdfDocument(buffer.getvalue())
    extracted = document[0].get_textpage().get_text_range()
    document.close()
    return extracted


def test_cff_collection_fonts_draw_searchable_japanese_text() -> None:
    """Noto CJK (CFF outlines, in a collection) is embedded and its text extracts."""
    text = "株式会社SBJ 東京都知事(2)第101234号"

    assert _drawn_text(register_font(REGULAR, text), text) == text


def test_fonts_with_one_face_but_different_characters_stay_distinct() -> None:
    """A second character set of the same face gets its own glyphs."""
    first = register_font(BOLD, "山田不動産")
    second = register_font(BOLD, "東都リアルティ")

    assert first != second
    assert _drawn_text(second, "東都リアルティ") == "東都リアルティ"


def test_a_missing_family_in_a_collection_is_reported() -> None:
    """Asking a collection for a family it lacks names the families it has."""
    face = FontFace(REGULAR.path, "No Such Family")

    with pytest.raises(BandFontError, match="Noto Sans CJK JP"):
        register_font(face, "x")


def test_an_unreadable_font_file_is_reported(tmp_path: Path) -> None:
    """A file that is not a font fails with the band's font error."""
    broken = tmp_path / "broken.ttf"
    broken.write_bytes(b"not a font")

    with pytest.raises(BandFontError, match="broken.ttf"):
        register_font(FontFace(broken), "x")
