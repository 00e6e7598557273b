"""Fonts for reportlab, including OpenType fonts with PostScript (CFF) outlines.

reportlab embeds only TrueType outlines, while Noto CJK and most Japanese OpenType
fonts ship CFF outlines. So the glyphs a text needs are cut out of the font with
fontTools and their cubic outlines turned into quadratic ones, giving a small
TrueType font reportlab can embed (with a ToUnicode map, so the text stays
searchable). Converted fonts are cached per font, face and character set.
"""

import hashlib
import io
import logging
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.subset import Options, Subsetter
from fontTools.ttLib import TTCollection, TTFont, TTLibError, newTable
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont as ReportlabFont

from processors.documents.band.exceptions import BandFontError

logger = logging.getLogger(__name__)

# fontTools' subsetter reports every table it touches at INFO, dozens of lines per
# band; only its warnings are worth a log line.
logging.getLogger("fontTools.subset").setLevel(logging.WARNING)

MAX_CONVERSION_ERROR_UNITS = 1.0
"""Largest distance, in font units (of 1000 per em), a converted curve may deviate."""

_DROPPED_TABLES = ["VORG", "vhea", "vmtx", "GSUB", "GPOS", "GDEF", "BASE", "JSTF"]
_MAXP_TRUETYPE_FIELDS = (
    "maxTwilightPoints",
    "maxStorage",
    "maxFunctionDefs",
    "maxInstructionDefs",
    "maxStackElements",
    "maxSizeOfInstructions",
    "maxComponentElements",
)


@dataclass(frozen=True)
class FontFace:
    """A font file, and the family to pick when the file is a collection."""

    path: Path
    family: str = ""


def register_font(face: FontFace, text: str) -> str:
    """Register a font able to draw `text` with reportlab; returns its name."""
    characters = "".join(sorted(set(text) | {" "}))
    return _registered(face, characters)


@lru_cache(maxsize=64)
def _registered(face: FontFace, characters: str) -> str:
    key = f"{face.path}|{face.family}|{characters}".encode()
    name = "Band-" + hashlib.sha256(key).hexdigest()[:16]
    font = _load_face(face)
    _make_name_unique(font, suffix=name.removeprefix("Band-"))
    data = _truetype_subset(font, characters)
    pdfmetrics.registerFont(ReportlabFont(name, io.BytesIO(data)))
    logger.debug(
        "Registered %s from %s (%d characters, %d bytes)",
        name,
        face.path,
        len(characters),
        len(data),
    )
    return name


def _load_face(face: FontFace) -> TTFont:
    try:
        with face.path.open("rb") as stream:
            is_collection = stream.read(4) == b"ttcf"
        if not is_collection:
            return TTFont(face.path)
        fonts = TTCollection(face.path).fonts
    except (OSError, TTLibError) as exc:
        raise BandFontError(
            f"cannot read font {str(face.path)!r}: {exc}; give a TrueType or "
            "OpenType font file or collection (e.g. from fonts-noto-cjk)"
        ) from exc
    for font in fonts:
        if font["name"].getDebugName(1) == face.family:
            return font
    families = [font["name"].getDebugName(1) for font in fonts]
    raise BandFontError(
        f"font collection {str(face.path)!r} has no family {face.family!r}; it "
        f"has {families}"
    )


def _make_name_unique(font: TTFont, *, suffix: str) -> None:
    # reportlab treats fonts with one PostScript name as one font, whatever their
    # glyphs; each subset needs a name of its own.
    table = font["name"]
    postscript = table.getDebugName(6) or "Font"
    for record in table.names:
        if record.nameID == 6:
            record.string = f"{postscript}-{suffix}"


def _truetype_subset(font: TTFont, characters: str) -> bytes:
    options = Options()
    options.name_IDs = ["*"]
    options.notdef_outline = True
    options.layout_features = []
    options.hinting = False
    options.desubroutinize = True
    options.drop_tables += _DROPPED_TABLES
    subsetter = Subsetter(options)
    subsetter.populate(text=characters)
    subsetter.subset(font)
    if "CFF " in font:
        _cff_to_glyf(font)
    output = io.BytesIO()
    font.save(output)
    return output.getvalue()


def _cff_to_glyf(font: TTFont) -> None:
    order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyphs = {}
    for name in order:
        pen = TTGlyphPen(None)
        # CFF contours run counter-clockwise; TrueType expects clockwise.
        converter = Cu2QuPen(pen, MAX_CONVERSION_ERROR_UNITS, reverse_direction=True)
        glyph_set[name].draw(converter)
        glyphs[name] = pen.glyph()
    glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = glyphs
    font["glyf"] = glyf
    font["loca"] = newTable("loca")
    del font["CFF "]
    _make_maxp_truetype(font)
    font["head"].glyphDataFormat = 0
    font["post"].formatType = 3.0
    font.sfntVersion = "\x00\x01\x00\x00"


def _make_maxp_truetype(font: TTFont) -> None:
    maxp = font["maxp"]
    maxp.tableVersion = 0x00010000
    maxp.maxZones = 1
    for field in _MAXP_TRUETYPE_FIELDS:
        setattr(maxp, field, 0)
