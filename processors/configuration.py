"""Every environment variable the system reads, gathered from its settings models,
so the README's configuration reference is generated rather than typed twice."""

import importlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from pydantic.fields import FieldInfo
from pydantic_core import PydanticUndefined
from pydantic_settings import BaseSettings

SETTINGS_MODELS = (
    ("Kafka", "processors.settings:KafkaSettings"),
    ("Contract", "processors.settings:ContractSettings"),
    ("Workers", "processors.runtime.settings:RuntimeSettings"),
    ("Health and metrics", "processors.runtime.health:HealthSettings"),
    ("Local broker", "processors.broker.settings:LocalBrokerSettings"),
    ("Document storage", "processors.integrations.storage.settings:StorageSettings"),
    ("OCR", "processors.documents.settings:OcrSettings"),
    ("SBJ band", "processors.documents.band.config:BandConfig"),
    ("DocuSign", "processors.integrations.settings:DocuSignSettings"),
    ("Slack", "processors.integrations.settings:SlackSettings"),
    ("Rollbar", "processors.integrations.settings:RollbarSettings"),
    ("Job history", "processors.tracking.settings:TrackingSettings"),
    ("Dashboard", "processors.tracking.settings:DashboardSettings"),
)


@dataclass(frozen=True)
class Variable:
    name: str
    default: str
    meaning: str


def _model(reference: str) -> type[BaseSettings] | None:
    module_name, _, class_name = reference.partition(":")
    try:
        module = importlib.import_module(module_name)
    except ImportError:
        return None
    model = getattr(module, class_name, None)
    return (
        model if isinstance(model, type) and issubclass(model, BaseSettings) else None
    )


def variables(model: type[BaseSettings]) -> Iterator[Variable]:
    prefix = str(model.model_config.get("env_prefix", ""))
    for name, field in model.model_fields.items():
        env_name = field.alias or f"{prefix}{name}".upper()
        yield Variable(env_name, _default(field), _meaning(field, env_name))


def _default(field: FieldInfo) -> str:
    if field.default_factory is not None:
        return "(computed)"
    if field.default is PydanticUndefined:
        return "(required)"
    value: Any = field.default
    if value is None:
        return "(none)"
    if hasattr(value, "get_secret_value"):
        return "(secret)"
    return f"`{value}`"


def _meaning(field: FieldInfo, env_name: str) -> str:
    text = " ".join((field.description or "").split())
    return text.removeprefix(f"{env_name}: ").replace("|", "\\|")


def reference_markdown() -> str:
    """Markdown tables of every environment variable, one section per area."""
    lines: list[str] = []
    for title, reference in SETTINGS_MODELS:
        model = _model(reference)
        if model is None:
            continue
        lines += [
            f"#### {title}",
            "",
            "| variable | default | meaning |",
            "| --- | --- | --- |",
        ]
        lines += [
            f"| `{v.name}` | {v.default} | {v.meaning} |" for v in variables(model)
        ]
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


README_START = "<!-- config:start -->"
README_END = "<!-- config:end -->"


def readme_block(text: str) -> str:
    """The configuration reference as it stands in a README's text."""
    start = text.index(README_START) + len(README_START)
    return text[start : text.index(README_END)].strip("\n") + "\n"


def with_reference(text: str) -> str:
    """The README's text with its configuration reference regenerated."""
    start = text.index(README_START) + len(README_START)
    end = text.index(README_END)
    return f"{text[:start]}\n{reference_markdown()}{text[end:]}"
