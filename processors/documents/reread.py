"""A second reading of the lines Tesseract was unsure of, each on its own.

On a full page Tesseract sometimes joins a short line to its neighbour, loses a
character to the layout around it, or reads a row of mixed text sizes twice over
as two interleaved lines. Such doubtful lines are cut out (a tangled one run by
run), stacked with white space between them on one strip so that one Tesseract
run reads them all, and each keeps whichever reading is more confident.
"""

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from statistics import mean

from PIL import Image

from processors.documents.lines import group_lines
from processors.documents.words import OcrLine, OcrWord

logger = logging.getLogger(__name__)

Recognise = Callable[[Image.Image], list[OcrWord]]

PAD_RATIO = 0.4
"""White margin kept around a cut-out line, in character heights."""

RUN_GAP_RATIO = 1.6
"""A gap this many character heights wide separates two runs of a tangled line."""

TANGLE_OVERLAP = 0.5
"""Share of the shorter of two of Tesseract's lines that, overlapping the other
across, shows the same text was read twice."""

BLOCK_OFFSET = 100_000
"""Added to the block numbers of the second reading so they never meet the first's."""


@dataclass(frozen=True)
class _Placement:
    """Where a cut-out line sits on the strip, and how far to move words back."""

    line: OcrLine
    strip_top: int
    strip_bottom: int
    shift_y: int


def line_confidence(line: OcrLine) -> float:
    """The mean confidence of a line's words."""
    return mean(word.confidence for word in line.words)


def is_tangled(line: OcrLine) -> bool:
    """Whether Tesseract read the line twice over: two of its own lines that run
    across the same stretch (it happens where text of two sizes shares a row)."""
    spans: dict[tuple[int, int, int], tuple[int, int, int]] = {}
    for word in line.words:
        key = (word.block, word.paragraph, word.line)
        left, right, count = spans.get(key, (word.left, word.right, 0))
        spans[key] = (min(left, word.left), max(right, word.right), count + 1)
    runs = [(left, right) for left, right, count in spans.values() if count >= 2]
    return any(
        _overlap(first, second)
        > TANGLE_OVERLAP * min(first[1] - first[0], second[1] - second[0])
        for index, first in enumerate(runs)
        for second in runs[index + 1 :]
    )


def _overlap(first: tuple[int, int], second: tuple[int, int]) -> int:
    return min(first[1], second[1]) - max(first[0], second[0])


def reread_doubtful(
    image: Image.Image, lines: Sequence[OcrLine], recognise: Recognise, *, below: float
) -> list[OcrLine]:
    """The lines, with those less confident than `below` (or tangled) read again."""
    doubtful = [
        line for line in lines if line_confidence(line) < below or is_tangled(line)
    ]
    if not doubtful:
        return list(lines)
    strip, placements = _stack(image, doubtful)
    second = recognise(strip)
    better = _better_readings(placements, second)
    logger.debug(
        "Read %d doubtful line(s) again; %d read better", len(doubtful), len(better)
    )
    kept = [word for line in lines if id(line) not in better for word in line.words]
    return group_lines(kept + [word for words in better.values() for word in words])


def _pieces(line: OcrLine) -> list[tuple[int, int]]:
    """The stretches across the line to cut out: the whole line, or for a tangled
    one each run of text between wide gaps, so each holds text of one size."""
    if not is_tangled(line):
        return [(line.left, line.right)]
    runs: list[list[int]] = []
    for word in sorted(line.words, key=lambda word: word.left):
        if runs and word.left - runs[-1][1] <= RUN_GAP_RATIO * line.char_height:
            runs[-1][1] = max(runs[-1][1], word.right)
        else:
            runs.append([word.left, word.right])
    return [(left, right) for left, right in runs]


def _stack(
    image: Image.Image, lines: Sequence[OcrLine]
) -> tuple[Image.Image, list[_Placement]]:
    crops = []
    for line in lines:
        pad = round(PAD_RATIO * line.char_height)
        for left, right in _pieces(line):
            box = (
                max(0, left - pad),
                max(0, line.top - pad),
                min(image.width, right + pad),
                min(image.height, line.bottom + pad),
            )
            crops.append((line, box, image.crop(box)))
    gap = max(round(line.char_height) for line in lines)
    height = sum(crop.height for _, _, crop in crops) + gap * (len(crops) + 1)
    strip = Image.new("L", (image.width, height), 255)
    placements, y = [], gap
    for line, box, crop in crops:
        strip.paste(crop.convert("L"), (box[0], y))
        placements.append(_Placement(line, y, y + crop.height, box[1] - y))
        y += crop.height + gap
    return strip, placements


def _better_readings(
    placements: Sequence[_Placement], second: Sequence[OcrWord]
) -> dict[int, list[OcrWord]]:
    found: dict[int, list[OcrWord]] = {}
    lines: dict[int, OcrLine] = {}
    for placement in placements:
        line = placement.line
        lines[id(line)] = line
        words = [
            replace(
                word, top=word.top + placement.shift_y, block=word.block + BLOCK_OFFSET
            )
            for word in second
            if placement.strip_top <= word.center_y < placement.strip_bottom
        ]
        # The margin around a cut-out line may catch part of its neighbours;
        # only words centred within the line itself replace it.
        found.setdefault(id(line), []).extend(
            word for word in words if line.top <= word.center_y <= line.bottom
        )
    return {
        key: words
        for key, words in found.items()
        if words
        and mean(word.confidence for word in words) > line_confidence(lines[key])
    }
