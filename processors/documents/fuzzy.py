"""Approximate matching of printed labels in OCR text, which drops and swaps letters."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Match:
    """Where a pattern was found in a text, and with how many edits."""

    start: int
    end: int
    errors: int


def allowed_errors(pattern: str) -> int:
    """Edits tolerated for a pattern: none for one or two characters, then one per 3."""
    return 0 if len(pattern) <= 2 else len(pattern) // 3


def allowed_label_errors(label: str) -> int:
    """Edits tolerated for a label at the start of a cell: stricter than for a phrase
    searched anywhere, as the start of a value must not pass for a label."""
    if len(label) <= 2:
        return 0
    return 1 if len(label) <= 6 else len(label) // 4


def find(text: str, pattern: str, max_errors: int | None = None) -> Match | None:
    """The best approximate occurrence of `pattern` in `text`: fewest edits first."""
    limit = allowed_errors(pattern) if max_errors is None else max_errors
    if not pattern or not text:
        return None
    # Sellers' algorithm: edit distance of the pattern to the best substring ending
    # at each position, tracking where that substring starts.
    previous = [(row, 0) for row in range(len(pattern) + 1)]
    best: Match | None = None
    for end, char in enumerate(text, start=1):
        current = [(0, end)]
        for row, wanted in enumerate(pattern, start=1):
            substitution = previous[row - 1][0] + (char != wanted), previous[row - 1][1]
            deletion = current[row - 1][0] + 1, current[row - 1][1]
            insertion = previous[row][0] + 1, previous[row][1]
            current.append(min(substitution, deletion, insertion))
        errors, start = current[-1]
        if errors <= limit and (best is None or _better(errors, start, end, best)):
            best = Match(start, end, errors)
        previous = current
    return best


def starts_with(text: str, pattern: str, max_errors: int | None = None) -> Match | None:
    """An approximate occurrence of `pattern` at the very start of `text`."""
    found = find(text[: len(pattern) + 2], pattern, max_errors)
    if found is None or found.start > (1 if found.errors else 0):
        return None
    return found


def _better(errors: int, start: int, end: int, best: Match) -> bool:
    # On a tie, a match one character longer from the same start is the same
    # occurrence with its last character misread, not dropped.
    if errors == best.errors:
        return start == best.start and end == best.end + 1
    return errors < best.errors
