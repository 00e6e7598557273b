"""`processors schemas check` passes on compatible history and fails, naming the
field, when a committed schema can no longer be read."""

import json
import shutil
import subprocess
from pathlib import Path

from processors.settings import PACKAGE_ROOT
from tests.integration.cli import run_cli


def git(repo: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@t", *args],
        check=True,
        capture_output=True,
    )


def committed_schemas(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    shutil.copytree(PACKAGE_ROOT / "schemas", repo / "schemas")
    git(repo, "init", "-q")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "schemas")
    return repo / "schemas"


def edit(path: Path, change) -> None:  # type: ignore[no-untyped-def]
    schema = json.loads(path.read_text(encoding="utf-8"))
    change(schema)
    path.write_text(json.dumps(schema, ensure_ascii=False), encoding="utf-8")


def test_an_optional_field_with_a_default_passes(tmp_path: Path) -> None:
    """Adding a nullable field with a default keeps old data readable."""
    schemas = committed_schemas(tmp_path)
    edit(
        schemas / "MaisokuUploaded.avsc",
        lambda s: s["fields"].append(
            {"name": "note", "type": ["null", "string"], "default": None}
        ),
    )

    done = run_cli("schemas", "check", "--dir", str(schemas))

    assert done.returncode == 0, done.stderr
    assert "backward compatible" in done.stdout


def test_a_new_required_field_and_a_narrowed_type_fail(tmp_path: Path) -> None:
    """Both problems are reported with the type and field named; exit code 1."""
    schemas = committed_schemas(tmp_path)
    edit(
        schemas / "MaisokuUploaded.avsc",
        lambda s: s["fields"].append({"name": "floor", "type": "int"}),
    )
    edit(
        schemas / "DocumentRef.avsc",
        lambda s: s["fields"].__setitem__(
            3, {"name": "size_bytes", "type": ["null", "int"], "default": None}
        ),
    )

    done = run_cli("schemas", "check", "--dir", str(schemas))

    assert done.returncode == 1
    assert "MaisokuUploaded cannot read data" in done.stderr
    assert "floor: new field without a default" in done.stderr
    assert "document.size_bytes" in done.stderr


def test_a_change_already_committed_is_still_checked_against_older_versions(
    tmp_path: Path,
) -> None:
    """History is checked transitively: committing a break does not hide it."""
    schemas = committed_schemas(tmp_path)
    edit(
        schemas / "JobFailed.avsc",
        lambda s: s["fields"].__setitem__(
            next(i for i, f in enumerate(s["fields"]) if f["name"] == "attempt"),
            {"name": "attempt", "type": "string"},
        ),
    )
    git(schemas.parent, "commit", "-q", "-am", "break")

    done = run_cli("schemas", "check", "--dir", str(schemas))

    assert done.returncode == 1
    assert "attempt: type changed from 'int' to 'string'" in done.stderr
