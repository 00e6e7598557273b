"""Clean-up steps remove table rules, specks and tint, and straighten skewed pages."""

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from processors.documents.preprocess import (
    binarize,
    denoise,
    deskew,
    prepare_for_ocr,
    remove_rules,
    skew_angle,
)

FONT = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"


def _boxed_text() -> Image.Image:
    image = Image.new("L", (1200, 400), 255)
    draw = ImageDraw.Draw(image)
    draw.rectangle((50, 50, 1150, 350), outline=0, width=3)
    draw.line((50, 200, 1150, 200), fill=0, width=3)
    draw.line((400, 50, 400, 350), fill=0, width=3)
    draw.text((450, 100), "所在地 港区", font=ImageFont.truetype(FONT, 60), fill=0)
    return image


def test_remove_rules_whitens_the_table_and_keeps_the_text() -> None:
    """No ink is left on the rules; the characters' ink is all still there."""
    cleaned = np.asarray(remove_rules(_boxed_text()))

    assert cleaned[200, 60:1140].min() == 255
    assert cleaned[60:340, 400].min() == 255
    text = np.asarray(_boxed_text())[90:180, 440:1100] < 128
    assert (cleaned[90:180, 440:1100] < 128).sum() == text.sum()


def test_remove_rules_keeps_the_strokes_of_large_bold_characters() -> None:
    """A title's long vertical strokes are thick, so they are not taken for rules."""
    image = Image.new("L", (900, 300), 255)
    bold = ImageFont.truetype(
        "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc", 120
    )
    ImageDraw.Draw(image).text((40, 60), "代々木ト", font=bold, fill=0)

    before = (np.asarray(image) < 128).sum()
    after = (np.asarray(remove_rules(image)) < 128).sum()

    assert after == before


def test_binarize_turns_a_tinted_page_into_black_and_white() -> None:
    """A light tint behind dark text becomes white paper."""
    image = Image.new("L", (200, 100), 225)
    ImageDraw.Draw(image).rectangle((50, 40, 150, 60), fill=30)

    values = np.unique(np.asarray(binarize(image)))

    assert values.tolist() == [0, 255]
    assert np.asarray(binarize(image))[10, 10] == 255


def test_denoise_removes_specks_but_not_dots() -> None:
    """A single-pixel speck goes; a punctuation-sized dot stays."""
    image = Image.new("L", (100, 100), 255)
    draw = ImageDraw.Draw(image)
    draw.point((10, 10), fill=0)
    draw.ellipse((50, 50, 58, 58), fill=0)

    cleaned = np.asarray(denoise(image))

    assert cleaned[10, 10] == 255
    assert cleaned[54, 54] == 0


def test_deskew_finds_and_undoes_a_small_rotation() -> None:
    """A page of lines turned by 0.8° is measured and turned back."""
    image = Image.new("L", (1600, 1200), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(FONT, 40)
    for row in range(12):
        draw.text(
            (100, 80 + row * 90),
            "東京都港区南青山三丁目一二三番地四 家屋番号",
            font=font,
            fill=0,
        )
    turned = image.rotate(-0.8, resample=Image.Resampling.BILINEAR, fillcolor=255)

    assert skew_angle(turned) == pytest.approx(0.8, abs=0.15)
    assert abs(skew_angle(deskew(turned))) <= 0.15


def test_unknown_steps_are_refused_naming_the_known_ones() -> None:
    with pytest.raises(ValueError, match="remove_rules"):
        prepare_for_ocr(Image.new("L", (10, 10)), ["sharpen"])
