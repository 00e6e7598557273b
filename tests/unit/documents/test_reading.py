"""A reading names every field: a value with a confidence, or null with a reason."""

import pytest

from processors.documents.reading import (
    CertifiedCopyFields,
    MaisokuFields,
    ReadingBuilder,
)


def test_fields_never_mentioned_are_null_with_a_reason() -> None:
    builder = ReadingBuilder(MaisokuFields)
    builder.found("price_yen", 23_800_000, 0.91234)

    reading = builder.build()

    assert reading.fields.price_yen == 23_800_000
    assert reading.confidence["price_yen"] == 0.912
    assert set(reading.reasons) == set(MaisokuFields.model_fields) - {"price_yen"}
    assert all(reading.confidence[name] == 0.0 for name in reading.reasons)


def test_a_missing_field_replaces_an_earlier_value() -> None:
    builder = ReadingBuilder(CertifiedCopyFields)
    builder.found("kind", "居宅", 0.9)
    builder.missing("kind", "unreadable: '居字' under 種類")

    reading = builder.build()

    assert reading.fields.kind is None
    assert reading.reasons["kind"] == "unreadable: '居字' under 種類"


def test_unknown_fields_are_refused() -> None:
    with pytest.raises(ValueError, match="price_yen"):
        ReadingBuilder(MaisokuFields).found("price", 1, 1.0)


def test_output_puts_fields_on_top_and_the_rest_under_meta() -> None:
    builder = ReadingBuilder(MaisokuFields)
    builder.found("layout", "1K", 0.8)

    output = builder.build().as_output()

    assert output["layout"] == "1K"
    assert output["_meta"]["confidence"]["layout"] == 0.8
    assert "layout" not in output["_meta"]["reasons"]
    assert set(output) == {*MaisokuFields.model_fields, "_meta"}
