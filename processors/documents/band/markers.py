"""What marks a line of text as part of a broker band.

A band states, by law, the broker's licence (知事 or 大臣 免許 number), and in
practice the company name, the association it belongs to and its phone and fax.
Text is compared after NFKC normalisation without spaces, so full-width digits,
brackets and the spaces OCR puts between Japanese characters do not matter.
"""

import re
import unicodedata
from enum import StrEnum


class Marker(StrEnum):
    """A kind of band content found in a line."""

    LICENSE = "license"
    PHONE = "phone"
    COMPANY = "company"
    ASSOCIATION = "association"


_DASH = r"[-‐‑–—−ー－―]"
_PATTERNS = {
    Marker.LICENSE: re.compile(
        r"(知事|大臣)\(\d{1,2}\)第?\d{2,6}号?|宅地建物取引|宅建業|免許"
    ),
    Marker.PHONE: re.compile(
        rf"TEL|FAX|電話|℡|0\d{{1,4}}{_DASH}\d{{1,4}}{_DASH}\d{{3,4}}"
        rf"|\(0\d{{1,4}}\)\d{{1,4}}{_DASH}\d{{4}}",
        re.IGNORECASE,
    ),
    Marker.COMPANY: re.compile(r"株式会社|有限会社|合同会社|\((株|有)\)|不動産"),
    Marker.ASSOCIATION: re.compile(r"協会|協議会|保証|加盟|会員"),
}

BAND_CORE_MARKERS = frozenset({Marker.LICENSE, Marker.PHONE})
"""Markers whose lowest lines anchor the band."""


def normalize(text: str) -> str:
    """The text in NFKC form without any whitespace."""
    return "".join(unicodedata.normalize("NFKC", text).split())


def markers_of(text: str) -> frozenset[Marker]:
    """The kinds of band content the line's text shows."""
    normal = normalize(text)
    return frozenset(
        marker for marker, pattern in _PATTERNS.items() if pattern.search(normal)
    )


def is_recognisable(markers: frozenset[Marker]) -> bool:
    """Whether these markers together make a broker band, not a stray phone number."""
    if Marker.LICENSE in markers:
        return bool(markers - {Marker.LICENSE})
    return {Marker.PHONE, Marker.COMPANY} <= markers
