import io
from pathlib import Path
from typing import cast

import numpy as np
import pytest
from PIL import Image
from pypdf import PdfReader, PdfWriter
from pypdf.annotations import Link
from pypdf.generic import ArrayObject, DictionaryObject

from processors.documents.band import BandConfig, find_bands, replace_band
from processors.documents.band.markers import normalize
from processors.documents.band.render import Box, band_overlay
from tests.factories.flyers import (
    DESIGNS,
    PAGE_HEIGHT,
    BandStyle,
    vector_flyer,
)
from tests.factories.pdf_checks import render_gray, rows_above, text_layer

SBJ = BandConfig()


@pytest.mark.parametrize("style", list(BandStyle))
def test_the_band_is_found_where_it_was_drawn(style: BandStyle) -> None:
    """The found band's top is the drawn band's top edge, within two points."""
    design = DESIGNS[style]

    [band] = find_bands(vector_flyer(design))

    drawn_top = design.bottom_margin_pt + design.height_pt
    assert band.from_text_layer
    assert abs(band.box.top - drawn_top) <= 2
    assert band.box.bottom <= design.bottom_margin_pt + 12


@pytest.mark.parametrize("style", list(BandStyle))
def test_the_band_region_shows_sbj_and_not_the_old_broker(style: BandStyle) -> None:
    """After 帯替え the band's text is SBJ's; the broker is gone from the whole page."""
    design = DESIGNS[style]
    original = vector_flyer(design)
    [band] = find_bands(original)

    result = replace_band(original, SBJ)

    region = normalize(text_layer(result, band.box))
    assert normalize(SBJ.company_name) in region
    assert normalize(SBJ.phone) in region
    page = normalize(text_layer(result))
    assert normalize(design.broker.name) not in page
    assert normalize(design.broker.phones) not in page


@pytest.mark.parametrize("style", list(BandStyle))
def test_everything_above_the_band_is_pixel_identical(style: BandStyle) -> None:
    """The rendering above the band is unchanged, pixel for pixel."""
    original = vector_flyer(DESIGNS[style])
    [band] = find_bands(original)

    before = render_gray(original)
    after = render_gray(replace_band(original, SBJ))

    above = rows_above(band.box, page_height=PAGE_HEIGHT)
    assert above > 900
    assert np.array_equal(before[:above], after[:above])
    assert not np.array_equal(before[above:], after[above:])


def test_the_body_text_layer_is_kept() -> None:
    """The text layer above the band is untouched."""
    result = replace_band(vector_flyer(DESIGNS[BandStyle.FRAMED]), SBJ)

    page = normalize(text_layer(result))
    for kept in (
        "パークサイド六本木305号室",
        "価格2,380万円",
        "0120-111-222",
        "取引態様",
    ):
        assert kept in page


def test_a_page_stored_rotated_is_handled_as_shown() -> None:
    """A page whose content is stored sideways with /Rotate is read as displayed."""
    design = DESIGNS[BandStyle.RULED]
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(vector_flyer(design))))
    page = writer.pages[0]
    page.rotate(90)
    page.transfer_rotation_to_content()
    page.rotate(270)
    sideways = io.BytesIO()
    writer.write(sideways)

    result = replace_band(sideways.getvalue(), SBJ)

    page_text = normalize(text_layer(result))
    assert normalize(SBJ.company_name) in page_text
    assert normalize(design.broker.name) not in page_text


def test_a_logo_is_drawn_in_the_band(tmp_path: Path) -> None:
    """A configured logo is placed as an image in the band."""
    logo = tmp_path / "logo.png"
    Image.new("RGB", (120, 60), (11, 61, 110)).save(logo)
    config = BandConfig(logo_path=logo)

    result = replace_band(vector_flyer(DESIGNS[BandStyle.FRAMED]), config)

    resources = cast(
        DictionaryObject, PdfReader(io.BytesIO(result)).pages[0]["/Resources"]
    )
    images = [
        name
        for name, xobject in cast(DictionaryObject, resources["/XObject"]).items()
        if xobject.get_object()["/Subtype"] == "/Image"
    ]
    assert len(images) == 2  # the flyer's photo and the logo


def test_a_low_band_is_drawn_on_one_line() -> None:
    """A band only 22 pt high still carries the company name and phone."""
    box = Box(left=20, bottom=10, right=575, top=32)

    overlay = band_overlay(SBJ, box, page_size=(595, 842))

    text = normalize(text_layer(overlay, box))
    assert normalize(SBJ.company_name) in text
    assert normalize(SBJ.phone) in text


def test_the_band_defaults_name_sbj() -> None:
    """The default band is SBJ's, with a licence in the usual form."""
    assert "SBJ" in SBJ.company_name
    assert "知事" in SBJ.license_text or "大臣" in SBJ.license_text


def test_links_inside_the_band_are_removed_and_others_kept() -> None:
    """The old broker's web link goes with the band; links above it stay."""
    writer = PdfWriter(
        clone_from=PdfReader(io.BytesIO(vector_flyer(DESIGNS[BandStyle.FRAMED])))
    )
    writer.add_annotation(0, Link(rect=(320, 40, 560, 56), url="https://yamada.test"))
    writer.add_annotation(0, Link(rect=(24, 700, 200, 730), url="https://site.test"))
    linked = io.BytesIO()
    writer.write(linked)

    result = replace_band(linked.getvalue(), SBJ)

    annotations = cast(ArrayObject, PdfReader(io.BytesIO(result)).pages[0]["/Annots"])
    urls = [item.get_object()["/A"]["/URI"] for item in annotations]
    assert urls == ["https://site.test"]
