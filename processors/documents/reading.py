"""What a reader returns: the fields, a confidence for each, and why any is missing."""

from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict

# The fields are those the read events carry; one model serves both.
from processors.contract.events import CertifiedCopyFields, MaisokuFields, Mortgage

__all__ = ["CertifiedCopyFields", "MaisokuFields", "Mortgage", "Reading"]

FieldsT = TypeVar("FieldsT", bound=BaseModel)


class Reading(BaseModel, Generic[FieldsT]):
    """Fields read from a document; a null field has a reason and confidence 0."""

    model_config = ConfigDict(frozen=True)

    fields: FieldsT
    confidence: dict[str, float]
    reasons: dict[str, str]

    def as_output(self) -> dict[str, Any]:
        """The fields at the top level, confidences and reasons under `_meta`."""
        return {
            **self.fields.model_dump(mode="json"),
            "_meta": {"confidence": self.confidence, "reasons": self.reasons},
        }


class ReadingBuilder(Generic[FieldsT]):
    """Collects each field's value and confidence, or the reason it is missing."""

    def __init__(self, model: type[FieldsT]) -> None:
        self._model = model
        self._values: dict[str, Any] = {}
        self._confidence: dict[str, float] = {}
        self._reasons: dict[str, str] = {}

    def found(self, name: str, value: Any, confidence: float) -> None:
        """Record a value read with the given confidence (0 to 1)."""
        self._check(name)
        self._values[name] = value
        self._confidence[name] = round(max(0.0, min(1.0, confidence)), 3)
        self._reasons.pop(name, None)

    def missing(self, name: str, reason: str) -> None:
        """Record that the field could not be read, and why."""
        self._check(name)
        self._values.pop(name, None)
        self._confidence[name] = 0.0
        self._reasons[name] = reason

    def build(self) -> Reading[FieldsT]:
        """The reading; fields never mentioned are reported as not found."""
        for name in self._model.model_fields:
            if name not in self._confidence:
                self.missing(name, "not found on the document")
        return Reading[FieldsT](
            fields=self._model(**self._values),
            confidence=dict(sorted(self._confidence.items())),
            reasons=dict(sorted(self._reasons.items())),
        )

    def _check(self, name: str) -> None:
        if name not in self._model.model_fields:
            allowed = ", ".join(self._model.model_fields)
            raise ValueError(f"unknown field {name!r}; allowed: {allowed}")
