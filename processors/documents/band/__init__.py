"""帯替え: replacing the broker band at the bottom of a flyer with SBJ's band."""

from processors.documents.band.config import BandConfig
from processors.documents.band.exceptions import BandError, BandNotFoundError
from processors.documents.band.replace import (
    BandReplacement,
    FoundBand,
    find_bands,
    replace_band,
    replace_bands,
)

__all__ = [
    "BandConfig",
    "BandError",
    "BandNotFoundError",
    "BandReplacement",
    "FoundBand",
    "find_bands",
    "replace_band",
    "replace_bands",
]
