from pathlib import Path

import pytest
from pydantic import ValidationError

from processors.broker.settings import LocalBrokerSettings


def test_settings_are_read_from_kafka_local_variables(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """KAFKA_LOCAL_* variables set the home, ports and heap."""
    monkeypatch.setenv("KAFKA_LOCAL_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("KAFKA_LOCAL_PORT", "19192")
    monkeypatch.setenv("KAFKA_LOCAL_CONTROLLER_PORT", "19193")
    monkeypatch.setenv("KAFKA_LOCAL_HEAP_MB", "512")

    settings = LocalBrokerSettings()

    assert settings.home == tmp_path / "home"
    assert settings.bootstrap_servers == "127.0.0.1:19192"
    assert settings.controller_port == 19193
    assert settings.heap_mb == 512


def test_a_relative_home_becomes_absolute(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A relative home is resolved, since the broker is found by absolute paths."""
    monkeypatch.chdir(tmp_path)

    settings = LocalBrokerSettings(home=Path("somewhere/kafka"))

    assert settings.home == tmp_path / "somewhere" / "kafka"
    assert settings.server_properties == tmp_path / "somewhere/kafka/server.properties"


def test_the_same_port_for_clients_and_controller_is_refused() -> None:
    """One port cannot serve both listeners; the error quotes it."""
    with pytest.raises(ValidationError, match="both 19500"):
        LocalBrokerSettings(port=19500, controller_port=19500)


def test_settings_are_frozen(tmp_path: Path) -> None:
    """Settings cannot change after they are read."""
    settings = LocalBrokerSettings(home=tmp_path)

    with pytest.raises(ValidationError):
        settings.port = 1  # type: ignore[misc, unused-ignore]
