"""The two reader jobs on the real broker with real Tesseract: an uploaded scan
comes back as its fields, a document read before is answered from the cache
without being fetched, and a flyer sent as a certified copy is dead-lettered."""

from collections.abc import Iterator
from pathlib import Path

import pytest

from processors.contract import headers
from processors.contract.events import (
    CertifiedCopyUploaded,
    DocumentRef,
    MaisokuUploaded,
)
from processors.documents.corpus.build import generate, read_truth
from processors.documents.evaluate import values_match
from processors.integrations.storage import DocumentStorage
from processors.jobs import documents
from tests.integration.harness import at_least, scenario

pytestmark = [pytest.mark.kafka, pytest.mark.ocr]

MIN_SHARE_RIGHT = 0.9
READERS = {
    "certified_copy": (
        "CertifiedCopyUploaded",
        "CertifiedCopyRead",
        "read_certified_copy",
    ),
    "maisoku": ("MaisokuUploaded", "MaisokuRead", "read_maisoku"),
}


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[DocumentStorage]:
    monkeypatch.setenv("STORAGE_ROOT_URI", str(tmp_path / "documents"))
    documents.storage.cache_clear()
    yield documents.storage()
    documents.storage.cache_clear()


def reader_scenario(bootstrap_servers: str, tmp_path: Path, kind: str):  # type: ignore[no-untyped-def]
    """Fresh topics for one reader job: `certified_copy` or `maisoku`."""
    trigger, result, handler = READERS[kind]
    return scenario(
        bootstrap_servers,
        tmp_path,
        trigger_schema=trigger,
        result_schema=result,
        handler=f"processors.jobs.readers:{handler}",
        timeout_s=300,
    )


def uploaded(store: DocumentStorage, path: Path) -> DocumentRef:
    stored = store.put(
        path.read_bytes(), key=f"uploads/{path.name}", content_type="application/pdf"
    )
    return DocumentRef(uri=stored.uri, sha256=stored.sha256, size_bytes=stored.size)


def share_right(fields: dict[str, object], truth: dict[str, object]) -> float:
    right = sum(values_match(fields.get(name), value) for name, value in truth.items())
    return right / len(truth)


def test_a_certified_copy_is_read_then_answered_from_the_cache(
    bootstrap_servers: str, tmp_path: Path, store: DocumentStorage
) -> None:
    """The first upload is read by OCR; the same hash under a URI that holds
    nothing is answered from the cache with the same fields."""
    (scan,) = generate(tmp_path / "corpus", "tuning", "certified_copy", 1)
    document = uploaded(store, scan)
    moved = document.model_copy(update={"uri": store.uri_for("nowhere/gone.pdf")})
    with (
        reader_scenario(bootstrap_servers, tmp_path, "certified_copy") as s,
        s.worker_thread(),
    ):
        s.publisher().publish(
            CertifiedCopyUploaded(certified_copy_id="cc-1", document=document),
            topic=s.trigger,
        )
        (first,) = s.collect(s.result, at_least(1), timeout_s=300)
        s.publisher().publish(
            CertifiedCopyUploaded(certified_copy_id="cc-2", document=moved),
            topic=s.trigger,
        )
        both = s.collect(s.result, at_least(2), timeout_s=60)
        second = next(m for m in both if m.key == "cc-2")

    fields = first.event.fields.model_dump(mode="json")
    assert share_right(fields, read_truth(scan)) >= MIN_SHARE_RIGHT
    assert second.key == "cc-2"
    assert second.event.fields == first.event.fields
    assert second.event.confidence == first.event.confidence


def test_a_flyer_is_read_and_a_flyer_sent_as_a_certified_copy_is_refused(
    bootstrap_servers: str, tmp_path: Path, store: DocumentStorage
) -> None:
    """The maisoku reader gets the facts; the certified copy reader dead-letters
    the same flyer as the wrong document, without retrying it."""
    (scan,) = generate(tmp_path / "corpus", "tuning", "maisoku", 1)
    document = uploaded(store, scan)
    (tmp_path / "wrong").mkdir()
    with (
        reader_scenario(bootstrap_servers, tmp_path, "maisoku") as s,
        s.worker_thread(),
    ):
        s.publisher().publish(
            MaisokuUploaded(article_id="a-1", maisoku_id="m-1", document=document),
            topic=s.trigger,
        )
        (read,) = s.collect(s.result, at_least(1), timeout_s=300)
    with (
        reader_scenario(bootstrap_servers, tmp_path / "wrong", "certified_copy") as s,
        s.worker_thread(),
    ):
        s.publisher().publish(
            CertifiedCopyUploaded(certified_copy_id="cc-x", document=document),
            topic=s.trigger,
        )
        (dead,) = s.collect(s.dead_letter, at_least(1), timeout_s=300)

    fields = read.event.fields.model_dump(mode="json")
    assert share_right(fields, read_truth(scan)) >= MIN_SHARE_RIGHT
    assert dead.headers[headers.ERROR_KIND] == "non-retryable"
    assert dead.headers[headers.ERROR_TYPE] == "WrongDocumentError"
