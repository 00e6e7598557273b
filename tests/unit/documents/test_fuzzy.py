"""Labels are found in OCR text despite a misread, dropped or extra letter."""

import pytest

from processors.documents.fuzzy import Match, allowed_errors, find, starts_with


@pytest.mark.parametrize(
    ("pattern", "errors"), [("原因", 0), ("所有者", 1), ("権利者その他の事項", 3)]
)
def test_longer_labels_tolerate_more_errors(pattern: str, errors: int) -> None:
    assert allowed_errors(pattern) == errors


@pytest.mark.parametrize(
    ("text", "pattern", "expected"),
    [
        ("所在豊島区", "所在", Match(0, 2, 0)),
        ("x権利者その他の事項abc", "権利者その他の事項", Match(1, 10, 0)),
        ("櫂利者その他の事頃", "権利者その他の事項", Match(0, 9, 2)),
        ("順位番号登記の目的", "登記の目的", Match(4, 9, 0)),
        ("東京都港区赤坂", "順位番号", None),
        ("所有", "所在", None),
    ],
)
def test_find_returns_the_closest_occurrence(
    text: str, pattern: str, expected: Match | None
) -> None:
    assert find(text, pattern) == expected


@pytest.mark.parametrize(
    ("text", "pattern", "found"),
    [
        ("所有者東京都", "所有者", True),
        ("所有老東京都", "所有者", True),
        ("債務者東京都", "所有者", False),
        ("原因令和2年", "原因", True),
        ("東京都所有者", "所有者", False),
    ],
)
def test_starts_with_only_matches_at_the_start(
    text: str, pattern: str, found: bool
) -> None:
    assert (starts_with(text, pattern) is not None) is found
