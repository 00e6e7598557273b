"""What a reader returns: the fields, a confidence for each, and why any is missing."""

from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field

FieldsT = TypeVar("FieldsT", bound=BaseModel)


class Mortgage(BaseModel):
    """A mortgage (抵当権) still in force: the secured amount and the lender."""

    model_config = ConfigDict(frozen=True)

    amount_yen: int
    mortgagee: str


class CertifiedCopyFields(BaseModel):
    """The fields read from a certified copy of a condominium unit's registration."""

    model_config = ConfigDict(frozen=True)

    location: str | None = None
    building_name: str | None = None
    house_number: str | None = None
    kind: str | None = None
    structure: str | None = None
    floor_area_sqm: float | None = None
    built_on: str | None = Field(default=None, description="ISO date of 新築")
    land_right_ratio: str | None = Field(default=None, description='e.g. "234/12345"')
    owner_name: str | None = None
    owner_address: str | None = None
    ownership_acquired_on: str | None = Field(default=None, description="ISO date")
    mortgages: list[Mortgage] | None = None


class MaisokuFields(BaseModel):
    """The fields read from a property flyer (マイソク)."""

    model_config = ConfigDict(frozen=True)

    property_name: str | None = None
    address: str | None = None
    station_line: str | None = None
    station_name: str | None = None
    walk_minutes: int | None = None
    price_yen: int | None = None
    floor_area_sqm: float | None = None
    layout: str | None = None
    built_year_month: str | None = Field(default=None, description='"YYYY-MM"')
    structure: str | None = Field(default=None, description="RC, SRC, S, W…")
    floor: int | None = None
    total_floors: int | None = None
    total_units: int | None = None
    management_fee_yen: int | None = None
    repair_reserve_yen: int | None = None
    monthly_rent_yen: int | None = None
    gross_yield_pct: float | None = None
    broker_name: str | None = None
    broker_license: str | None = None


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
