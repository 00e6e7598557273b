import io

import pypdfium2 as pdfium
from pypdf import PdfReader, PdfWriter
from reportlab.pdfgen.canvas import Canvas

from processors.documents.band.redact import Rows, remove_text_in_rows


def _page_with_text_at_several_heights() -> bytes:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(400, 800))
    canvas.drawString(50, 700, "KEEP TOP")
    canvas.drawString(50, 40, "DROP BOTTOM")
    lines = canvas.beginText(50, 100)
    lines.setLeading(14)
    lines.textLine("KEEP LINE A")
    lines.textLine("KEEP LINE B")
    lines.textLine("DROP LINE C")
    canvas.drawText(lines)
    canvas.beginForm("stamp")
    canvas.drawString(50, 20, "DROP IN FORM")
    canvas.drawString(50, 600, "KEEP IN FORM")
    canvas.endForm()
    canvas.saveState()
    canvas.translate(0, 10)
    canvas.doForm("stamp")
    canvas.restoreState()
    canvas.save()
    return buffer.getvalue()


def _text_after_removal(pdf: bytes, rows: Rows) -> tuple[str, int]:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    removed = remove_text_in_rows(writer, writer.pages[0], rows)
    output = io.BytesIO()
    writer.write(output)
    document = pdfium.PdfDocument(output.getvalue())
    text = document[0].get_textpage().get_text_range()
    document.close()
    return text, removed


def test_text_starting_in_the_rows_is_removed_and_the_rest_kept() -> None:
    """Page text and form text inside the rows go; everything above stays."""
    text, removed = _text_after_removal(
        _page_with_text_at_several_heights(), Rows(bottom=0, top=80)
    )

    assert removed == 3
    assert "DROP" not in text
    for kept in ("KEEP TOP", "KEEP LINE A", "KEEP LINE B", "KEEP IN FORM"):
        assert kept in text


def test_rows_without_text_leave_the_page_unchanged() -> None:
    """Nothing is removed, and the content is not rewritten, when no text is there."""
    pdf = _page_with_text_at_several_heights()

    text, removed = _text_after_removal(pdf, Rows(bottom=300, top=500))

    assert removed == 0
    assert "DROP BOTTOM" in text and "KEEP TOP" in text
