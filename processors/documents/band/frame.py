"""Finding a band's frame or background on the rendered page, around its text.

A row of pixels is "structural" when one colour other than the page's background
covers at least half of it: a rule or frame edge crossing the band, or the band's
fill behind its text. Starting from the band's text, the band extends through
structural rows that touch it (a filled band) or up to the nearest structural rows
within a short reach (a frame or a rule with some padding inside); with neither,
it gets a padding of its own, never reaching the text of a neighbouring line.
"""

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from processors.documents.band.locate import BandText

STRUCTURE_SHARE = 0.5
"""Share of a row one non-background colour must cover to be a rule or a fill."""

GRAY_LEVELS_PER_BIN = 16
BACKGROUND_TOLERANCE = 24
"""Gray levels within which a colour counts as the page background."""

FRAME_REACH_LINES = 1.5
"""How far from the text a frame edge may be, in heights of the band's tallest line."""

PADDING_LINES = 0.4
"""Padding around unframed band text, in line heights."""

MAX_FILL_SHARE = 0.3
"""A fill may extend the band by at most this share of the page height."""

Gray = npt.NDArray[np.uint8]


@dataclass(frozen=True)
class Extent:
    """A rectangle of the page in pixels: rows top..bottom, columns left..right."""

    top: int
    bottom: int
    left: int
    right: int


def band_extent(image: Gray, band: BandText, *, ceiling: int) -> Extent:
    """The band's full extent: its text, widened to its frame or fill.

    `ceiling` is the lowest row of page content above the band, which the band may
    not cross.
    """
    rows = structural_rows(image)
    height = image.shape[0]
    reach = round(FRAME_REACH_LINES * band.tallest_line)
    padding = round(PADDING_LINES * band.line_height)
    top = _edge_above(rows, band.top, reach=reach, limit=max(ceiling, 0))
    bottom = _edge_below(rows, band.bottom, reach=reach, limit=height - 1)
    top = top if top is not None else max(band.top - padding, (ceiling + band.top) // 2)
    bottom = bottom if bottom is not None else min(band.bottom + padding, height - 1)
    left, right = _columns(image, rows, top, bottom, band)
    return Extent(top=top, bottom=bottom, left=left, right=right)


def structural_rows(image: Gray) -> npt.NDArray[np.bool_]:
    """For each row, whether it belongs to a rule, a frame edge or a fill."""
    height, width = image.shape
    bins = 256 // GRAY_LEVELS_PER_BIN
    quantized = (image // GRAY_LEVELS_PER_BIN).astype(np.int64)
    offsets = np.arange(height, dtype=np.int64)[:, None] * bins
    counts = np.bincount((quantized + offsets).ravel(), minlength=height * bins)
    counts = counts.reshape(height, bins)
    dominant = counts.argmax(axis=1)
    share = counts.max(axis=1) / width
    background_bin = int(np.bincount(quantized.ravel(), minlength=bins).argmax())
    distinct = np.abs(dominant - background_bin) * GRAY_LEVELS_PER_BIN
    return (share >= STRUCTURE_SHARE) & (distinct >= BACKGROUND_TOLERANCE)


def _edge_above(
    rows: npt.NDArray[np.bool_], start: int, *, reach: int, limit: int
) -> int | None:
    """The top row of the frame or fill above `start`, if there is one."""
    found = _nearest(rows, start - 1, step=-1, stop=max(limit, start - reach))
    if found is None:
        return None
    stop = max(limit, found - round(MAX_FILL_SHARE * len(rows)))
    edge = found
    while edge - 1 > stop and rows[edge - 1]:
        edge -= 1
    return edge


def _edge_below(
    rows: npt.NDArray[np.bool_], start: int, *, reach: int, limit: int
) -> int | None:
    """The bottom row of the frame or fill below `start`, if there is one."""
    found = _nearest(rows, start + 1, step=1, stop=min(limit, start + reach))
    if found is None:
        return None
    stop = min(limit, found + round(MAX_FILL_SHARE * len(rows)))
    edge = found
    while edge + 1 <= stop and rows[edge + 1]:
        edge += 1
    return edge


def _nearest(
    rows: npt.NDArray[np.bool_], start: int, *, step: int, stop: int
) -> int | None:
    for row in range(start, stop + step, step):
        if 0 <= row < len(rows) and rows[row]:
            return row
    return None


def _columns(
    image: Gray, rows: npt.NDArray[np.bool_], top: int, bottom: int, band: BandText
) -> tuple[int, int]:
    """Leftmost and rightmost columns of the band's structure, or of its text."""
    left, right = band.left, band.right
    structure = np.flatnonzero(rows[top : bottom + 1]) + top
    if structure.size:
        background = int(np.bincount(image.ravel()).argmax())
        differs = np.abs(image[structure].astype(np.int16) - background)
        columns = np.flatnonzero((differs >= BACKGROUND_TOLERANCE).any(axis=0))
        left, right = min(left, int(columns[0])), max(right, int(columns[-1]))
    return left, right
