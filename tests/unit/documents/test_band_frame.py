import numpy as np

from processors.documents.band.frame import band_extent, structural_rows
from processors.documents.band.locate import BandText

HEIGHT, WIDTH = 1000, 700


def blank() -> np.ndarray:
    return np.full((HEIGHT, WIDTH), 255, dtype=np.uint8)


def draw_text(image: np.ndarray, top: int, bottom: int, left: int, right: int) -> None:
    # Glyph-like stripes: dark, but far from covering the row.
    image[top:bottom, left:right:7] = 20


def band(top: int, bottom: int, left: int = 100, right: int = 600) -> BandText:
    return BandText(
        lines=(),
        markers=frozenset(),
        top=top,
        bottom=bottom,
        left=left,
        right=right,
        line_height=20,
        tallest_line=30,
    )


def test_rules_and_fills_are_structural_rows_and_text_is_not() -> None:
    """A full-width rule and a filled strip are structure; text rows are not."""
    image = blank()
    image[100:102, 20:680] = 30
    image[300:340, :] = 90
    draw_text(image, 500, 520, 50, 650)

    rows = structural_rows(image)

    assert rows[100] and rows[101] and rows[300:340].all()
    assert not rows[500:520].any() and not rows[0:100].any()


def test_a_framed_band_extends_to_its_frame() -> None:
    """The band reaches the frame's top and bottom edges and its side extent."""
    image = blank()
    image[850:852, 30:670] = 0
    image[960:962, 30:670] = 0
    image[850:962, 30:32] = 0
    image[850:962, 668:670] = 0
    draw_text(image, 880, 940, 100, 600)

    extent = band_extent(image, band(880, 940), ceiling=700)

    assert (extent.top, extent.bottom) == (850, 961)
    assert (extent.left, extent.right) == (30, 669)


def test_a_filled_band_extends_through_its_fill_to_the_page_edge() -> None:
    """A fill touching the text is followed to its edge and down to the page end."""
    image = blank()
    image[880:, :] = 60
    image[900:940, 100:600:7] = 255

    extent = band_extent(image, band(900, 940), ceiling=700)

    assert (extent.top, extent.bottom) == (880, HEIGHT - 1)
    assert (extent.left, extent.right) == (0, WIDTH - 1)


def test_an_unframed_band_gets_padding_without_reaching_the_line_above() -> None:
    """Without structure the band is padded, stopping halfway to the content above."""
    image = blank()
    draw_text(image, 900, 940, 100, 600)

    extent = band_extent(image, band(900, 940), ceiling=896)

    assert extent.top == 898
    assert extent.bottom == 948
    assert (extent.left, extent.right) == (100, 600)


def test_a_rule_far_above_the_text_is_not_the_band_edge() -> None:
    """A table border well above the band's reach is left alone."""
    image = blank()
    image[700:702, 20:680] = 0
    draw_text(image, 900, 940, 100, 600)

    extent = band_extent(image, band(900, 940), ceiling=702)

    assert extent.top > 850
