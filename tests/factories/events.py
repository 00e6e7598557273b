"""Events with every field filled, built from the models, for round trips."""

import types
import typing
import uuid
from datetime import UTC, date, datetime
from enum import Enum
from typing import Any

from pydantic import AwareDatetime, BaseModel

from processors.contract.events import Event

SAMPLE_TIME = datetime(2026, 4, 1, 9, 30, 15, 123000, tzinfo=UTC)
SAMPLE_SHA256 = "3" * 64


def sample_event(model: type[Event], **overrides: Any) -> Event:
    """An event of the given type with every optional field set too."""
    values = sample_values(model)
    values["event_id"] = str(uuid.uuid4())
    values.update(overrides)
    return model.model_validate(values)


def sample_values(model: type[BaseModel]) -> dict[str, Any]:
    return {
        name: _sample(name, field.annotation)
        for name, field in model.model_fields.items()
    }


def _sample(name: str, annotation: Any) -> Any:
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin in (typing.Union, types.UnionType):
        return _sample(name, next(a for a in args if a is not type(None)))
    if origin is typing.Annotated:
        return _sample(name, args[0])
    if origin is list:
        return [_sample(name, args[0])]
    if origin is dict:
        return {"floor_area_sqm": _sample(name, args[1])}
    return _scalar(name, annotation)


def _scalar(name: str, annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return next(iter(annotation)).value
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return sample_values(annotation)
    if name == "sha256":
        return SAMPLE_SHA256
    scalars: dict[Any, Any] = {
        str: f"{name}-値",
        int: 42,
        float: 25.34,
        bool: True,
        datetime: SAMPLE_TIME,
        AwareDatetime: SAMPLE_TIME,
        date: date(2006, 3, 10),
    }
    return scalars[annotation]
