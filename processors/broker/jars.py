"""Fetching the broker's jars from Maven Central, once per version of the pom."""

import hashlib
import logging
import shutil
import subprocess
from pathlib import Path

from processors.broker.exceptions import BrokerJarsError
from processors.broker.settings import ENV_PREFIX, LocalBrokerSettings

logger = logging.getLogger(__name__)

# Named in full so the plugin's version does not float with the Maven install.
_COPY_DEPENDENCIES = (
    "org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy-dependencies"
)
_FETCH_TIMEOUT_S = 900.0
_STAMP_NAME = ".pom-sha256"
_OUTPUT_TAIL_LINES = 30


def ensure_jars(settings: LocalBrokerSettings) -> bool:
    """Make `<home>/libs` hold the jars of the current pom; True when it fetched.

    The jars are fetched into a staging directory and swapped in whole, so an
    interrupted fetch never leaves a half-filled `libs` that looks complete.
    """
    digest = pom_digest(settings.pom)
    if jars_are_current(settings.libs_dir, digest):
        return False

    logger.info("Fetching Kafka broker jars listed in %s with Maven", settings.pom)
    staging = settings.home / "libs.partial"
    shutil.rmtree(staging, ignore_errors=True)
    _run_maven(settings.pom, staging)
    (staging / _STAMP_NAME).write_text(digest)
    shutil.rmtree(settings.libs_dir, ignore_errors=True)
    staging.rename(settings.libs_dir)
    logger.info("Kafka broker jars are in %s", settings.libs_dir)
    return True


def pom_digest(pom: Path) -> str:
    """sha256 of the pom's bytes; a changed pom means other jars."""
    try:
        return hashlib.sha256(pom.read_bytes()).hexdigest()
    except OSError as exc:
        raise BrokerJarsError(
            f"cannot read the broker pom {str(pom)!r} ({exc.strerror}); point "
            f"{ENV_PREFIX}POM at the pom.xml that lists the broker's jars"
        ) from exc


def jars_are_current(libs_dir: Path, digest: str) -> bool:
    """Whether `libs_dir` was filled from a pom with this digest."""
    stamp = libs_dir / _STAMP_NAME
    return stamp.is_file() and stamp.read_text().strip() == digest


def _run_maven(pom: Path, output_dir: Path) -> None:
    mvn = shutil.which("mvn")
    if mvn is None:
        raise BrokerJarsError(
            "Maven ('mvn') is not on PATH; install it (Debian package 'maven') "
            "so the broker's jars can be fetched from Maven Central"
        )
    command = [
        mvn,
        "-q",
        "-B",
        "-Dstyle.color=never",
        "-f",
        str(pom),
        _COPY_DEPENDENCIES,
        "-DincludeScope=runtime",
        f"-DoutputDirectory={output_dir}",
    ]
    try:
        done = subprocess.run(
            command,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=_FETCH_TIMEOUT_S,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise BrokerJarsError(
            f"Maven did not finish fetching the jars of {str(pom)!r} within "
            f"{_FETCH_TIMEOUT_S:.0f} s; check access to Maven Central and run again"
        ) from exc
    if done.returncode != 0:
        tail = _tail(done.stdout + done.stderr)
        raise BrokerJarsError(
            f"Maven failed (exit code {done.returncode}) to fetch the jars of "
            f"{str(pom)!r}; its last lines:\n{tail}"
        )


def _tail(output: str) -> str:
    return "\n".join(output.strip().splitlines()[-_OUTPUT_TAIL_LINES:])
