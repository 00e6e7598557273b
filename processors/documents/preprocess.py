"""Image clean-up before OCR: deskew, binarisation, table-rule removal, denoising.

Each step is optional and chosen by `PROCESSORS_OCR_PREPROCESS`; which ones pay was
measured on the generated tuning scans (see the README's OCR section).
"""

import logging
import math
from collections.abc import Callable, Sequence

import cv2
import numpy as np
from PIL import Image

logger = logging.getLogger(__name__)

DESKEW_RANGE_DEG = 2.0
DESKEW_STEP_DEG = 0.1
DESKEW_WORK_WIDTH_PX = 800

RULE_MIN_INCHES = 0.5
"""A straight dark line at least this long is a rule (table, underline, frame)."""
RULE_PROBE_INCHES = 0.25
"""Length of the structuring element that picks out line pieces."""
RULE_GAP_ACROSS_INCHES = 0.01
"""Gaps bridged along a horizontal rule; more would join the strokes of a text line."""
RULE_GAP_DOWN_INCHES = 0.025
"""Gaps bridged along a vertical rule: less than the space between text lines."""
FAINT_INK_SHARE = 0.5
"""Rules are looked for in ink up to this share of the way from Otsu's threshold to
white, so light gray rules are found whole."""
RULE_MAX_THICKNESS_INCHES = 0.03
"""Rules are thinner than this; the strokes of large characters are thicker."""
RULE_MARGIN_PX = 2
"""How far around a found rule ink is also removed: a scanned rule's ragged edge."""
SPECK_MAX_AREA_PX = 12
"""Connected blobs of ink this small are scanner noise, not dots or dakuten."""

Step = Callable[[Image.Image], Image.Image]


def binarize(image: Image.Image) -> Image.Image:
    """Black text on white, split at Otsu's threshold of the grayscale histogram."""
    gray = np.asarray(image.convert("L"))
    _, binary = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    return Image.fromarray(binary)


def denoise(image: Image.Image) -> Image.Image:
    """Remove specks: blobs of ink too small to be part of any character."""
    gray = np.asarray(image.convert("L"))
    ink = _ink(gray)
    _, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    specks = np.flatnonzero(stats[:, cv2.CC_STAT_AREA] <= SPECK_MAX_AREA_PX)
    specks = specks[specks != 0]
    cleaned = gray.copy()
    cleaned[np.isin(labels, specks)] = 255
    return Image.fromarray(cleaned)


def deskew(image: Image.Image) -> Image.Image:
    """Rotate the page so its text lines run horizontally."""
    angle = skew_angle(image)
    if abs(angle) < DESKEW_STEP_DEG / 2:
        return image
    logger.debug("Rotating the page by %.2f° to straighten its lines", angle)
    return image.rotate(angle, resample=Image.Resampling.BILINEAR, fillcolor=255)


def skew_angle(image: Image.Image) -> float:
    """The rotation (degrees) whose row profile of ink is sharpest."""
    scale = DESKEW_WORK_WIDTH_PX / image.width
    small = image.convert("L").resize(
        (DESKEW_WORK_WIDTH_PX, max(1, round(image.height * scale)))
    )
    ink = Image.fromarray(_ink(np.asarray(small)))
    steps = round(DESKEW_RANGE_DEG / DESKEW_STEP_DEG)
    angles = [step * DESKEW_STEP_DEG for step in range(-steps, steps + 1)]
    return max(angles, key=lambda angle: _profile_sharpness(ink, angle))


def _profile_sharpness(ink: Image.Image, angle: float) -> float:
    rotated = np.asarray(ink.rotate(angle, resample=Image.Resampling.NEAREST))
    rows = rotated.sum(axis=1, dtype=np.float64)
    return float(np.sum(np.diff(rows) ** 2))


def remove_rules(image: Image.Image, dpi: int = 300) -> Image.Image:
    """Whiten the rules of boxed tables, frames and underlines, keeping the text.

    Line pieces are picked out by morphological opening along each axis; a piece
    counts as a rule when it is long or touches a long rule of the other direction
    (the short verticals of a one-line table row), and thin, which keeps the
    strokes of large characters. Ink just around a rule goes too: a scanned rule is
    ragged. Rules are looked for in faint ink as well, so light gray ones are found
    whole rather than as the dashes binarisation would leave of them.
    """
    gray = np.asarray(image.convert("L"))
    ink = _faint_ink(gray)
    probe = round(RULE_PROBE_INCHES * dpi)
    minimum = round(RULE_MIN_INCHES * dpi)
    thickness = round(RULE_MAX_THICKNESS_INCHES * dpi)
    across = _Pieces(
        _line_pieces(ink, probe, round(RULE_GAP_ACROSS_INCHES * dpi), axis=1), axis=1
    )
    down = _Pieces(
        _line_pieces(ink, probe, round(RULE_GAP_DOWN_INCHES * dpi), axis=0), axis=0
    )
    long_across = across.paint(across.rules(minimum, thickness))
    long_down = down.paint(down.rules(minimum, thickness))
    horizontal = across.paint(across.rules(minimum, thickness, anchors=long_down))
    vertical = down.paint(down.rules(minimum, thickness, anchors=long_across))
    margin = np.ones((2 * RULE_MARGIN_PX + 1, 2 * RULE_MARGIN_PX + 1), np.uint8)
    remove = cv2.dilate(horizontal | vertical, margin) > 0
    cleaned = gray.copy()
    cleaned[remove] = 255
    return Image.fromarray(cleaned)


def _line_pieces(ink: np.ndarray, probe: int, gap: int, axis: int) -> np.ndarray:
    """Straight runs of ink at least `probe` long along `axis`, once gaps up to
    `gap` are bridged (faint rules break up)."""
    shape = (1, gap) if axis == 1 else (gap, 1)
    bridged = cv2.morphologyEx(ink, cv2.MORPH_CLOSE, np.ones(shape, np.uint8))
    shape = (1, probe) if axis == 1 else (probe, 1)
    return cv2.morphologyEx(bridged, cv2.MORPH_OPEN, np.ones(shape, np.uint8))


class _Pieces:
    """The connected line pieces along one axis (1 across, 0 down), labelled once."""

    def __init__(self, pieces: np.ndarray, axis: int) -> None:
        self.pieces = pieces
        self.count, self.labels, self.stats, _ = cv2.connectedComponentsWithStats(
            pieces, connectivity=8
        )
        along, across = (cv2.CC_STAT_WIDTH, cv2.CC_STAT_HEIGHT)[:: 1 if axis else -1]
        self.length = self.stats[:, along]
        self.breadth = self.stats[:, across]

    def rules(
        self, minimum: int, thickness: int, anchors: np.ndarray | None = None
    ) -> np.ndarray:
        """Which pieces are rules: thin, and long or touching one of the anchors."""
        # A long skewed rule spans a few pixels more across than its thickness.
        slant = self.length * np.tan(np.radians(DESKEW_RANGE_DEG))
        thin = self.breadth <= thickness + slant
        touching = np.zeros(self.count, dtype=bool)
        if anchors is not None:
            near = cv2.dilate(anchors, np.ones((5, 5), np.uint8)) > 0
            touching[np.unique(self.labels[near & (self.pieces > 0)])] = True
        keep = thin & ((self.length >= minimum) | touching)
        keep[0] = False
        return keep

    def paint(self, keep: np.ndarray) -> np.ndarray:
        """A mask of the kept pieces."""
        # Painting the few rules box by box is much cheaper than indexing every pixel.
        mask = np.zeros_like(self.pieces)
        for index in np.flatnonzero(keep):
            left, top, width, height = self.stats[index, :4]
            window = (slice(top, top + height), slice(left, left + width))
            mask[window][self.labels[window] == index] = 255
        return mask


def _faint_ink(gray: np.ndarray) -> np.ndarray:
    """255 wherever there is ink, faint too: halfway between Otsu's threshold and
    white, so light gray rules come out whole rather than as dashes."""
    threshold, _ = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    faint = threshold + (255 - threshold) * FAINT_INK_SHARE
    # Ink is strictly darker than `faint`; cv2 keeps what is not above its bound.
    _, ink = cv2.threshold(gray, math.ceil(faint) - 1, 255, cv2.THRESH_BINARY_INV)
    return ink


def _ink(gray: np.ndarray) -> np.ndarray:
    """255 where there is ink (darker than Otsu's threshold), 0 elsewhere."""
    _, ink = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    return ink


STEPS: dict[str, Step] = {
    "deskew": deskew,
    "remove_rules": remove_rules,
    "binarize": binarize,
    "denoise": denoise,
}
"""The known steps, applied in this order whatever order they are named in."""


def prepare_for_ocr(image: Image.Image, steps: Sequence[str] = ()) -> Image.Image:
    """Apply the named clean-up steps to a page image."""
    unknown = sorted(set(steps) - set(STEPS))
    if unknown:
        raise ValueError(
            f"unknown preprocessing steps {unknown}; allowed: {', '.join(STEPS)}"
        )
    for name, step in STEPS.items():
        if name in steps:
            image = step(image)
    return image
