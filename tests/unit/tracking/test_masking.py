import json

from processors.tracking.masking import EMAIL, MASKED, NAME, PHONE, Masker

MASKER = Masker(["owner_name", "uploaded_by"])


def test_emails_and_phone_numbers_are_masked() -> None:
    """Mobile, landline, +81 and full-width forms; e-mail addresses anywhere."""
    text = (
        "mail taro.yamada+jobs@example.co.jp, call 090-1234-5678 or 03-1234-5678, "
        "+81 3 1234 5678, ０３－１２３４－５６７８, 09012345678"
    )

    masked = MASKER.text(text)

    assert masked == (
        f"mail {EMAIL}, call {PHONE} or {PHONE}, {PHONE}, {PHONE}, {PHONE}"
    )


def test_names_after_labels_and_before_honorifics_are_masked() -> None:
    """所有者 hides the address and name that follow, up to the clause's end."""
    cases = {
        "所有者 東京都港区南青山三丁目1番2号 山田太郎 not found": (
            f"所有者 {NAME} not found"
        ),
        "氏名：佐藤　花子。続き": f"氏名：{NAME}。続き",
        "債務者: Taro Yamada, amount": f"債務者: {NAME}, amount",
        "鈴木一郎様へ送付": f"{NAME}様へ送付",
    }

    for given, expected in cases.items():
        assert MASKER.text(given) == expected


def test_text_without_personal_data_is_left_alone() -> None:
    """Offsets, ids, dates, durations and error words are not personal data."""
    text = "topic x[3]@12345 took 1234 ms at 2026-04-01 09:00:00; お客様 scanner"

    assert MASKER.text(text) == text


def test_named_fields_of_a_json_summary_are_masked_at_any_depth() -> None:
    """Values of the configured fields become [masked]; other strings are
    masked as text; numbers and nulls stay."""
    summary = json.dumps(
        {
            "owner_name": "山田太郎",
            "fields": {"owner_name": "x", "owner_address": None, "rooms": 3},
            "notes": ["contact a@b.jp"],
            "uploaded_by": None,
        }
    )

    masked = json.loads(MASKER.summary(summary) or "")

    assert masked == {
        "owner_name": MASKED,
        "fields": {"owner_name": MASKED, "owner_address": None, "rooms": 3},
        "notes": [f"contact {EMAIL}"],
        "uploaded_by": None,
    }
    assert MASKER.summary("not json, a@b.jp") == f"not json, {EMAIL}"
