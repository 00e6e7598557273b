from pathlib import Path

import pytest

from processors.broker.exceptions import BrokerJarsError
from processors.broker.jars import jars_are_current, pom_digest


def _fill_libs(libs_dir: Path, digest: str) -> None:
    libs_dir.mkdir()
    (libs_dir / "kafka_2.13-4.1.1.jar").write_bytes(b"jar")
    (libs_dir / ".pom-sha256").write_text(digest)


def test_jars_fetched_for_this_pom_are_current(tmp_path: Path) -> None:
    """Jars stamped with the pom's digest need no new fetch."""
    pom = tmp_path / "pom.xml"
    pom.write_text("<project/>")
    _fill_libs(tmp_path / "libs", pom_digest(pom))

    assert jars_are_current(tmp_path / "libs", pom_digest(pom))


def test_a_changed_pom_makes_the_jars_stale(tmp_path: Path) -> None:
    """Editing the pom (another Kafka version) asks for a new fetch."""
    pom = tmp_path / "pom.xml"
    pom.write_text("<project><version>1</version></project>")
    _fill_libs(tmp_path / "libs", pom_digest(pom))

    pom.write_text("<project><version>2</version></project>")

    assert not jars_are_current(tmp_path / "libs", pom_digest(pom))


def test_libs_without_a_stamp_are_stale(tmp_path: Path) -> None:
    """A libs directory from an interrupted or foreign fetch is not trusted."""
    (tmp_path / "libs").mkdir()

    assert not jars_are_current(tmp_path / "libs", "0" * 64)


def test_a_missing_pom_names_the_path_and_the_variable(tmp_path: Path) -> None:
    """The error quotes the pom path and says how to point at another."""
    missing = tmp_path / "nowhere" / "pom.xml"

    with pytest.raises(BrokerJarsError, match="KAFKA_LOCAL_POM") as caught:
        pom_digest(missing)

    assert str(missing) in str(caught.value)
