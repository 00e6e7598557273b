import pytest

from processors.documents.band.markers import Marker, is_recognisable, markers_of


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("東京都知事(3)第12345号", {Marker.LICENSE}),
        ("国土交通大臣（２）第８７６５号", {Marker.LICENSE}),
        ("宅 地 建 物 取 引 業 神奈川県知事 ( 1 ) 第 31415 号", {Marker.LICENSE}),
        ("TEL 03-3400-1234  FAX 03-3400-1235", {Marker.PHONE}),
        ("０３－５５５５－０１０１", {Marker.PHONE}),
        ("(03)5555-0101", {Marker.PHONE}),
        ("株式会社山田不動産販売", {Marker.COMPANY}),
        ("(公社)全日本不動産協会会員", {Marker.COMPANY, Marker.ASSOCIATION}),
        ("価格 2,380万円", set()),
        ("表面利回り 5.04%", set()),
    ],
)
def test_markers_are_read_from_normalised_text(
    text: str, expected: set[Marker]
) -> None:
    """Full-width forms and OCR's spaces do not hide a band marker."""
    assert markers_of(text) == expected


def test_a_licence_with_anything_else_is_a_band() -> None:
    """A licence next to a phone, a company or an association is a band."""
    assert is_recognisable(frozenset({Marker.LICENSE, Marker.PHONE}))
    assert is_recognisable(frozenset({Marker.LICENSE, Marker.ASSOCIATION}))


def test_a_lone_phone_number_or_licence_is_not_a_band() -> None:
    """A phone number alone, or a licence alone, is not enough."""
    assert not is_recognisable(frozenset({Marker.PHONE}))
    assert not is_recognisable(frozenset({Marker.LICENSE}))
    assert is_recognisable(frozenset({Marker.PHONE, Marker.COMPANY}))
