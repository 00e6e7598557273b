"""Finding the broker band's text on a page from its lines, without coordinates.

The band is anchored on the lowest line showing a licence or phone marker; lines
with such markers directly above it join the anchor while the gap between them
stays within a few line heights. Lines beside that block (a company name in a
larger font), directly below it, or directly above it when they name a company or
an association, belong to the band too. The result is a text extent only: the
band's frame or background, if any, is found on the rendered page afterwards.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from statistics import median

from processors.documents.band.markers import (
    BAND_CORE_MARKERS,
    Marker,
    is_recognisable,
    markers_of,
)
from processors.documents.words import OcrLine

MAX_GAP_LINES = 2.0
"""Largest gap between band lines, in median band line heights."""

MAX_BRIDGING_LINES = 2
"""Unmarked lines (an address, a slogan) allowed between two anchored lines."""

MIN_BAND_BOTTOM_SHARE = 0.55
"""The band's lowest line must end below this share of the page height."""

MAX_BAND_HEIGHT_SHARE = 0.35
"""A band's text taller than this share of the page is not a band."""

_EXTENDING_MARKERS = frozenset({Marker.COMPANY, Marker.ASSOCIATION}) | BAND_CORE_MARKERS


@dataclass(frozen=True)
class BandText:
    """The lines of a band and their extent, in the page's pixels."""

    lines: tuple[OcrLine, ...]
    markers: frozenset[Marker]
    top: int
    bottom: int
    left: int
    right: int
    line_height: float
    tallest_line: float


def find_band_text(lines: Sequence[OcrLine], *, page_height: int) -> BandText | None:
    """The broker band's lines, or None when the page shows no recognisable band."""
    marked = [(line, markers_of(line.text)) for line in lines]
    anchors = [line for line, found in marked if found & BAND_CORE_MARKERS]
    if not anchors:
        return None
    block = _anchor_block(lines, anchors)
    members = _grow(block, marked)
    band = _band_text(members, dict((id(line), found) for line, found in marked))
    return band if _plausible(band, page_height=page_height) else None


def _anchor_block(lines: Sequence[OcrLine], anchors: list[OcrLine]) -> list[OcrLine]:
    """The lowest anchor, and the anchors above it linked by closely spaced lines."""
    lowest = max(anchors, key=lambda line: line.bottom)
    above = sorted(
        (line for line in lines if line.bottom < lowest.bottom and line is not lowest),
        key=lambda line: -line.bottom,
    )
    block: list[OcrLine] = [lowest]
    pending: list[OcrLine] = []
    top = lowest.top
    for line in above:
        if top - line.bottom > MAX_GAP_LINES * _line_height(block):
            break
        top = min(top, line.top)
        if any(line is anchor for anchor in anchors):
            block, pending = block + pending + [line], []
        elif len(pending) == MAX_BRIDGING_LINES:
            break
        else:
            pending.append(line)
    return block


def _grow(
    block: list[OcrLine], marked: list[tuple[OcrLine, frozenset[Marker]]]
) -> list[OcrLine]:
    members = list(block)
    changed = True
    while changed:
        changed = False
        for line, found in marked:
            if any(line is member for member in members):
                continue
            if _joins(line, found, members):
                members.append(line)
                changed = True
    return sorted(members, key=lambda line: line.top)


def _joins(line: OcrLine, found: frozenset[Marker], members: list[OcrLine]) -> bool:
    top = min(member.top for member in members)
    bottom = max(member.bottom for member in members)
    reach = MAX_GAP_LINES * _line_height(members)
    centre = (line.top + line.bottom) / 2
    if top <= centre <= bottom:
        return True
    if line.top >= bottom:
        return line.top - bottom <= reach
    return bool(found & _EXTENDING_MARKERS) and top - line.bottom <= reach


def _band_text(
    members: list[OcrLine], found_by_line: dict[int, frozenset[Marker]]
) -> BandText:
    markers: frozenset[Marker] = frozenset()
    for line in members:
        markers |= found_by_line[id(line)]
    return BandText(
        lines=tuple(members),
        markers=markers,
        top=min(line.top for line in members),
        bottom=max(line.bottom for line in members),
        left=min(line.left for line in members),
        right=max(line.right for line in members),
        line_height=_line_height(members),
        tallest_line=max(line.bottom - line.top for line in members),
    )


def _plausible(band: BandText, *, page_height: int) -> bool:
    low_enough = band.bottom >= MIN_BAND_BOTTOM_SHARE * page_height
    short_enough = band.bottom - band.top <= MAX_BAND_HEIGHT_SHARE * page_height
    return low_enough and short_enough and is_recognisable(band.markers)


def _gap_above(block: list[OcrLine], line: OcrLine) -> float:
    return min(member.top for member in block) - line.bottom


def _line_height(lines: Sequence[OcrLine]) -> float:
    return float(median(line.char_height for line in lines))
