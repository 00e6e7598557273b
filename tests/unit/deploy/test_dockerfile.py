"""The Dockerfile's rules, read with BuildKit's own parser (the `dockerfile`
package): a slim multi-stage build whose final stage has Tesseract with jpn and
the CJK fonts but no compiler, runs as a numeric non-root user, checks the
worker's /livez and starts the `processors` command."""

import re
import shlex
from dataclasses import dataclass

import dockerfile
import pytest

from processors.settings import PACKAGE_ROOT

DOCKERFILE = PACKAGE_ROOT / "Dockerfile"
DOCKERIGNORE = PACKAGE_ROOT / ".dockerignore"
BASE_IMAGE = "python:3.11-slim-bookworm"
BUILD_TOOLS = re.compile(
    r"^(build-essential|gcc.*|g\+\+.*|make|cmake|clang.*|git|.*-dev)$"
)


@dataclass
class Stage:
    name: str
    base: str
    commands: list[dockerfile.Command]

    def all(self, instruction: str) -> list[dockerfile.Command]:
        return [c for c in self.commands if c.cmd == instruction]


def stages() -> tuple[dict[str, str], list[Stage]]:
    """The global ARG defaults and the stages, in order."""
    arguments: dict[str, str] = {}
    found: list[Stage] = []
    for command in dockerfile.parse_file(str(DOCKERFILE)):
        if command.cmd == "ARG" and not found:
            name, _, default = command.value[0].partition("=")
            arguments[name] = default
        elif command.cmd == "FROM":
            base, *rest = command.value
            name = rest[1] if len(rest) == 2 and rest[0].upper() == "AS" else ""
            found.append(Stage(name, base, []))
        elif found:
            found[-1].commands.append(command)
    return arguments, found


def installed_packages(stage: Stage) -> list[str]:
    """Debian packages named by `apt-get install` in the stage's RUN lines."""
    packages = []
    for run in stage.all("RUN"):
        for step in run.value[0].split("&&"):
            words = shlex.split(step)
            if words[:2] == ["apt-get", "install"]:
                packages += [w for w in words[2:] if not w.startswith("-")]
    return packages


@pytest.fixture
def runtime() -> Stage:
    return stages()[1][-1]


def test_every_stage_builds_on_the_slim_bookworm_python() -> None:
    """Two stages or more, each FROM the one ARG whose default is the slim image."""
    arguments, found = stages()

    assert len(found) >= 2
    for stage in found:
        reference = stage.base.removeprefix("${").removesuffix("}")
        assert arguments.get(reference, stage.base) == BASE_IMAGE, stage.name


def test_the_final_stage_has_japanese_ocr_and_no_build_tools(runtime: Stage) -> None:
    """Tesseract, its jpn model and Noto CJK are installed; no compiler, make or
    -dev package is; the runtime copies only the virtual environment from build."""
    packages = installed_packages(runtime)

    assert {"tesseract-ocr", "tesseract-ocr-jpn", "fonts-noto-cjk"} <= set(packages)
    assert [p for p in packages if BUILD_TOOLS.match(p)] == []
    copied = [
        c for c in runtime.all("COPY") if any(f.startswith("--from") for f in c.flags)
    ]
    assert [c.value for c in copied] == [("/opt/venv", "/opt/venv")]


def test_a_build_stage_does_have_the_build_tools() -> None:
    """The rule above has teeth: the build stage installs build-essential."""
    _, found = stages()

    assert "build-essential" in installed_packages(found[0])


def test_apt_installs_are_lean_and_leave_no_lists_behind() -> None:
    """Every apt-get install follows an update in the same RUN, skips recommended
    packages and removes /var/lib/apt/lists in the same layer."""
    _, found = stages()
    runs = [
        r.value[0]
        for s in found
        for r in s.all("RUN")
        if "apt-get install" in r.value[0]
    ]

    assert runs
    for run in runs:
        assert run.index("apt-get update") < run.index("apt-get install")
        assert "--no-install-recommends" in run
        assert "rm -rf /var/lib/apt/lists/*" in run


def test_pip_keeps_no_cache_and_nothing_is_added_from_urls() -> None:
    _, found = stages()
    commands = [c for s in found for c in s.commands]

    pip_runs = [
        c.value[0] for c in commands if c.cmd == "RUN" and "pip install" in c.value[0]
    ]
    assert pip_runs
    assert all("--no-cache-dir" in run for run in pip_runs)
    assert [c for c in commands if c.cmd == "ADD"] == []


def test_the_process_runs_as_a_numeric_non_root_user(runtime: Stage) -> None:
    """USER is a numeric uid:gid other than 0 (so runAsNonRoot can verify it), set
    after the last RUN of the final stage."""
    users = runtime.all("USER")

    assert len(users) == 1
    uid, _, gid = users[0].value[0].partition(":")
    assert uid.isdigit() and int(uid) > 0
    assert gid.isdigit() and int(gid) > 0
    last_run = max(c.start_line for c in runtime.all("RUN"))
    assert users[0].start_line > last_run


def test_the_healthcheck_asks_the_worker_livez_on_its_port(runtime: Stage) -> None:
    """Exec-form HEALTHCHECK running the health probe for livez; the port it reads
    (PROCESSORS_HEALTH_PORT) is set and exposed."""
    (check,) = runtime.all("HEALTHCHECK")
    environment = {
        name: value
        for command in runtime.all("ENV")
        for name, value in zip(command.value[::2], command.value[1::2], strict=True)
    }

    assert check.json
    assert check.value == (
        "CMD",
        "python",
        "-m",
        "processors.runtime.health_probe",
        "livez",
    )
    port = environment["PROCESSORS_HEALTH_PORT"]
    assert port.isdigit()
    assert [c.value for c in runtime.all("EXPOSE")] == [(port,)]


def test_the_entrypoint_is_the_processors_command(runtime: Stage) -> None:
    (entrypoint,) = runtime.all("ENTRYPOINT")

    assert entrypoint.json
    assert entrypoint.value == ("processors",)


def test_the_build_context_is_an_allow_list() -> None:
    """.dockerignore excludes everything, then lets in only what the image needs,
    so neither .venv, .git, var/ nor .tools/ reach the build."""
    lines = [
        line.strip()
        for line in DOCKERIGNORE.read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]

    assert lines[0] == "*"
    allowed = {
        line.removeprefix("!").rstrip("/") for line in lines if line.startswith("!")
    }
    assert allowed == {
        "pyproject.toml",
        "README.md",
        "processors",
        "topics.yaml",
        "schemas",
    }
