from processors.documents.band.locate import find_band_text
from processors.documents.words import OcrLine, OcrWord

PAGE_HEIGHT = 1754


def line(text: str, top: int, *, height: int = 20, left: int = 50) -> OcrLine:
    width = height * len(text)
    word = OcrWord(text, left, top, width, height, 1.0, block=top, paragraph=1, line=1)
    return OcrLine((word,))


def _flyer_body() -> list[OcrLine]:
    return [
        line("パークサイド六本木 305号室", 80, height=40),
        line("現地案内所 TEL 0120-111-222", 200),
        line("所在地 東京都港区六本木三丁目1番1号", 700),
        line("取引態様 媒介", 760),
        line("※図面と現況が異なる場合は現況を優先します。", 1300),
    ]


def test_the_lowest_block_with_licence_and_phone_is_the_band() -> None:
    """The band is the bottom block, not the phone number high on the page."""
    band_lines = [
        line("株式会社山田不動産販売", 1560, height=34),
        line("宅地建物取引業 東京都知事(3)第12345号", 1610),
        line("TEL 03-3400-1234 FAX 03-3400-1235", 1640),
    ]

    band = find_band_text(_flyer_body() + band_lines, page_height=PAGE_HEIGHT)

    assert band is not None
    assert [found.text for found in band.lines] == [b.text for b in band_lines]
    assert (band.top, band.bottom) == (1560, 1660)


def test_unmarked_lines_between_anchors_belong_to_the_band() -> None:
    """An address between the licence and the phone lines does not split the band."""
    band_lines = [
        line("有限会社みどりハウジング", 1450, height=30),
        line("免許番号 神奈川県知事(1)第31415号", 1500),
        line("〒231-0023 神奈川県横浜市中区山下町1番地", 1535),
        line("電話 045-662-7788", 1570),
        line("(公社)全日本不動産協会会員", 1605),
    ]

    band = find_band_text(_flyer_body() + band_lines, page_height=PAGE_HEIGHT)

    assert band is not None
    assert band.top == 1450 and band.bottom == 1625
    assert len(band.lines) == 5


def test_a_company_name_beside_the_details_joins_the_band() -> None:
    """A large name on the left, level with the licence lines, is part of the band."""
    name = line("東都リアルティ株式会社", 1600, height=36, left=40)
    details = [
        line("国土交通大臣(2)第8765号", 1590, left=600),
        line("TEL 03-5555-0101", 1620, left=600),
    ]

    band = find_band_text([*_flyer_body(), name, *details], page_height=PAGE_HEIGHT)

    assert band is not None
    assert any(found is name for found in band.lines)
    assert band.left == 40


def test_no_band_when_only_the_top_has_a_phone_number() -> None:
    """A flyer whose only phone number is in its header has no band."""
    assert find_band_text(_flyer_body(), page_height=PAGE_HEIGHT) is None


def test_no_band_when_the_lowest_block_lacks_a_licence_and_company() -> None:
    """A phone number alone at the bottom is not a band."""
    lines = [*_flyer_body(), line("お問い合わせ 03-1111-2222", 1600)]

    assert find_band_text(lines, page_height=PAGE_HEIGHT) is None


def test_no_band_in_the_upper_half() -> None:
    """A complete broker block in the page's upper half is not a bottom band."""
    lines = [
        line("株式会社山田不動産販売", 300, height=34),
        line("東京都知事(3)第12345号 TEL 03-3400-1234", 340),
    ]

    assert find_band_text(lines, page_height=PAGE_HEIGHT) is None
