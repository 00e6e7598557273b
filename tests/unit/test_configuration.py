"""The README's configuration reference is the one the settings models give."""

from processors.configuration import readme_block, reference_markdown, variables
from processors.runtime.settings import RuntimeSettings
from processors.settings import PACKAGE_ROOT, KafkaSettings


def test_the_readme_lists_every_variable_as_the_settings_define_it() -> None:
    """Regenerate with `processors config --update-readme README.md`."""
    readme = (PACKAGE_ROOT / "README.md").read_text(encoding="utf-8")

    assert readme_block(readme) == reference_markdown()


def test_variable_names_come_from_aliases_and_prefixes() -> None:
    kafka = {v.name for v in variables(KafkaSettings)}
    runtime = {v.name: v for v in variables(RuntimeSettings)}

    assert "KAFKA_BOOTSTRAP_SERVERS" in kafka
    assert runtime["PROCESSORS_EXACTLY_ONCE"].default == "`False`"
    assert runtime["PROCESSORS_EXACTLY_ONCE"].meaning.startswith("produce each job")
