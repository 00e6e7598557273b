"""Masking personal data in what viewers see: e-mail addresses, phone numbers,
names (and the addresses that precede them) after labels such as 所有者 or 氏名,
names before an honorific (様, 殿), and named fields of JSON summaries.

Masking errs on the side of hiding: after a label it hides the rest of the clause.
A name that stands alone, with no label or honorific, cannot be told from other
words and is left as it is.
"""

import json
import re
from collections.abc import Iterable
from typing import Any

EMAIL = "[email]"
PHONE = "[phone]"
NAME = "[name]"
MASKED = "[masked]"

_DIGIT = "[0-9０-９]"
_DASH = "[-－‐ー\\s]"
_EMAIL = re.compile(r"[\w.%+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
_PHONE = re.compile(
    rf"(?<![0-9０-９])(?:"
    rf"(?:\+81{_DASH}?|[0０]){_DIGIT}{{1,4}}{_DASH}{_DIGIT}{{1,4}}{_DASH}{_DIGIT}{{3,4}}"
    rf"|[0０]{_DIGIT}{{9,10}}"
    rf")(?![0-9０-９])"
)
LABELS = (
    "所有者",
    "共有者",
    "権利者",
    "債務者",
    "名義人",
    "契約者",
    "申込者",
    "購入者",
    "売主",
    "買主",
    "氏名",
    "お名前",
    "名前",
    "担当者",
)
_STOP = r"、。,，;；\n\r\"'（）()\[\]{}<>「」"
_LABELLED = re.compile(
    "(" + "|".join(LABELS) + ")"
    r"([\s　]*[:：]?[\s　]*)"
    # A name in Latin letters is a few words; otherwise the rest of the clause
    # (an address, then the name) up to punctuation or Latin text.
    rf"([A-Za-z][\w.'-]*(?:[ 　][A-Za-z][\w.'-]*){{0,3}}|[^{_STOP}A-Za-z]{{1,60}})"
)
_HONORIFIC = re.compile(r"[\u4e00-\u9fff々]{2,6}(?=様|殿)")


def _mask_labelled(match: re.Match[str]) -> str:
    label, separator, value = match.groups()
    trailing = value[len(value.rstrip()) :]
    return f"{label}{separator}{NAME}{trailing}"


class Masker:
    """Masks personal data in free text and in JSON summaries."""

    def __init__(self, fields: Iterable[str]) -> None:
        self.fields = frozenset(name.strip() for name in fields if name.strip())

    def text(self, value: str | None) -> str | None:
        if not value:
            return value
        masked = _EMAIL.sub(EMAIL, value)
        masked = _LABELLED.sub(_mask_labelled, masked)
        masked = _HONORIFIC.sub(NAME, masked)
        return _PHONE.sub(PHONE, masked)

    def summary(self, value: str | None) -> str | None:
        """A JSON summary with its named fields masked; other text as `text`."""
        if not value:
            return value
        try:
            parsed = json.loads(value)
        except ValueError:
            return self.text(value)
        return json.dumps(self._walk(parsed), ensure_ascii=False)

    def _walk(self, value: Any) -> Any:
        if isinstance(value, dict):
            return {
                key: MASKED
                if key in self.fields and item is not None
                else self._walk(item)
                for key, item in value.items()
            }
        if isinstance(value, list):
            return [self._walk(item) for item in value]
        if isinstance(value, str):
            return self.text(value)
        return value


def masker_from_setting(fields: str) -> Masker:
    return Masker(fields.split(","))
