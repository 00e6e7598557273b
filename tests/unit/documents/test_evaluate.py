"""The evaluation's notion of a matching field, as its module documents it."""

import pytest

from processors.documents.evaluate import values_match


@pytest.mark.parametrize(
    ("read", "truth", "matches"),
    [
        ("東京都 港区　南青山", "東京都港区南青山", True),
        ("合同会社KSプロパティ", "合同会社ＫＳプロパティ", True),
        ("港区南青山", "港区北青山", False),
        (25.345, 25.34, True),
        (25.36, 25.34, False),
        (25, 25.0, True),
        (23_800_000, 23_800_000, True),
        (23_800_000, 23_800_001, False),
        (None, None, True),
        (None, "居宅", False),
        ("居宅", None, False),
        ("2006-03-10", "2006-03-10", True),
        (
            [
                {"amount_yen": 1, "mortgagee": "株式会社A銀行"},
                {"amount_yen": 2, "mortgagee": "B"},
            ],
            [
                {"amount_yen": 2, "mortgagee": "B"},
                {"amount_yen": 1, "mortgagee": "株式会社Ａ銀行"},
            ],
            True,
        ),
        ([], [{"amount_yen": 1, "mortgagee": "B"}], False),
        ([], [], True),
    ],
)
def test_values_match_after_normalisation(
    read: object, truth: object, matches: bool
) -> None:
    assert values_match(read, truth) is matches
