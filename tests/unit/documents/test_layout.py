"""Values are found beside or below their labels, whatever the layout."""

from processors.documents.layout import (
    Piece,
    document_lines,
    find_label,
    labelled_value,
)
from processors.documents.words import OcrWord

from .conftest import PageFactory

LABELS = ("所在地", "所在階", "価格", "交通", "表面利回り", "利回り")


def test_piece_slices_keep_the_words_they_came_from() -> None:
    """A value cut out of a segment knows its own words and their confidence."""
    piece = Piece.of(
        [OcrWord("価格", 0, 0, 80, 40, 0.9), OcrWord("2,380万円", 120, 0, 300, 40, 0.5)]
    )

    rest = piece.slice(2)

    assert rest.text == "2,380万円"
    assert rest.confidence == 0.5
    assert rest.left == 120


def test_a_misread_label_loses_to_an_exact_one(make_page: PageFactory) -> None:
    """所在隙 may be 所在地 or 所在階; the exact 所在地 further down is preferred."""
    page = make_page(
        [[(100, "所在隙"), (500, "3階")], [(100, "所在地"), (500, "東京都港区")]]
    )

    hit = find_label(document_lines([page]), ("所在地",), LABELS)

    assert hit is not None
    assert hit.line.index == 1


def test_a_letter_spaced_label_is_joined(make_page: PageFactory) -> None:
    """所 在 地 printed with wide spacing reads as one label."""
    page = make_page([[(100, "所"), (200, "在"), (300, "地"), (600, "東京都港区")]])

    found = labelled_value(document_lines([page]), ("所在地",), LABELS)

    assert found is not None
    assert found[1].text == "東京都港区"


def test_a_value_under_its_label_is_found_in_the_label_s_column(
    make_page: PageFactory,
) -> None:
    """Cards: the value is the text below the label, not below its neighbour."""
    page = make_page(
        [
            [(100, "価格"), (900, "所在地"), (1700, "交通")],
            [(100, "2,380万円"), (900, "東京都港区"), (1700, "銀座線")],
        ]
    )
    lines = document_lines([page])

    address = labelled_value(lines, ("所在地",), LABELS)
    price = labelled_value(lines, ("価格",), LABELS)

    assert address is not None and address[1].text == "東京都港区"
    assert price is not None and price[1].text == "2,380万円"


def test_a_precise_label_is_preferred_over_a_loose_one_above(
    make_page: PageFactory,
) -> None:
    """表面利回り wins over a 利回り printed higher on the page."""
    page = make_page([[(100, "利回り 5.0%")], [(100, "表面利回り"), (600, "4.29%")]])

    found = labelled_value(document_lines([page]), ("表面利回り", "利回り"), LABELS)

    assert found is not None and found[1].text == "4.29%"
