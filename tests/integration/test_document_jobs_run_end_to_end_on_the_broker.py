"""The SBJ flyer job and the DocuSign re-upload job, triggered by events on the
real broker: the SBJ band replaces the broker's on a generated flyer; envelope
files are stored once, a 429 is retried, a 404 is dead-lettered."""

from collections.abc import Iterator
from pathlib import Path

import pytest

from processors.contract import headers
from processors.contract.events import (
    DocumentRef,
    DocusignEnvelopeCompleted,
    SbjMaisokuRequested,
)
from processors.documents.band import BandConfig
from processors.integrations.storage import DocumentStorage
from processors.jobs import documents, docusign_reupload
from tests.factories.flyers import DESIGNS, BandStyle, vector_flyer
from tests.factories.pdf_checks import text_layer
from tests.fakes.docusign import (
    DocuSignState,
    FakeDocument,
    ScriptedFailure,
    docusign_server,
)
from tests.fakes.tls import rsa_key_pair
from tests.integration.harness import at_least, scenario

pytestmark = pytest.mark.kafka

ENVELOPE = "0f6a5a52-3e3f-4c55-9d1a-7a3c9f1b2e44"
ACCOUNT = "77aa33cc-account"


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[DocumentStorage]:
    """A fresh document folder that the jobs in this process use."""
    monkeypatch.setenv("STORAGE_ROOT_URI", str(tmp_path / "documents"))
    documents.storage.cache_clear()
    docusign_reupload.downloader.cache_clear()
    yield documents.storage()
    documents.storage.cache_clear()
    docusign_reupload.downloader.cache_clear()


def test_an_sbj_flyer_is_generated_with_the_sbj_band(
    bootstrap_servers: str, tmp_path: Path, store: DocumentStorage
) -> None:
    """The stored result names SBJ where the broker was; the event points at it."""
    flyer = vector_flyer(DESIGNS[BandStyle.FILLED])
    source = store.put(flyer, key="incoming/flyer.pdf", content_type="application/pdf")
    request = SbjMaisokuRequested(
        article_id="article-9",
        document=DocumentRef(uri=source.uri, sha256=source.sha256),
    )
    with (
        scenario(
            bootstrap_servers,
            tmp_path,
            trigger_schema="SbjMaisokuRequested",
            result_schema="SbjMaisokuGenerated",
            handler="processors.jobs.sbj_maisoku:generate_sbj_maisoku",
        ) as s,
        s.worker_thread(),
    ):
        s.publisher().publish(request, topic=s.trigger)
        (result,) = s.collect(s.result, at_least(1))

    generated = result.event.generated
    pdf = store.get_bytes(generated.uri, expected_sha256=generated.sha256)
    text = text_layer(pdf)
    assert BandConfig().company_name in text
    assert DESIGNS[BandStyle.FILLED].broker.name not in text
    assert result.event.source == request.document
    assert result.key == "article-9"


def test_an_sbj_request_for_a_non_flyer_is_dead_lettered(
    bootstrap_servers: str, tmp_path: Path, store: DocumentStorage
) -> None:
    """A text file is no flyer: non-retryable, with the reason."""
    source = store.put(b"hello", key="incoming/notes.txt", content_type="text/plain")
    request = SbjMaisokuRequested(
        article_id="article-10",
        document=DocumentRef(
            uri=source.uri, sha256=source.sha256, content_type="text/plain"
        ),
    )
    with (
        scenario(
            bootstrap_servers,
            tmp_path,
            trigger_schema="SbjMaisokuRequested",
            result_schema="SbjMaisokuGenerated",
            handler="processors.jobs.sbj_maisoku:generate_sbj_maisoku",
        ) as s,
        s.worker_thread(),
    ):
        s.publisher().publish(request, topic=s.trigger)
        (dead,) = s.collect(s.dead_letter, at_least(1))

    assert dead.headers[headers.ERROR_TYPE] == "NotAFlyerDocument"
    assert "neither a PDF nor an image" in dead.headers[headers.ERROR_MESSAGE]


@pytest.fixture
def fake_docusign(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, store: DocumentStorage
) -> Iterator[DocuSignState]:
    private_key, public_key = rsa_key_pair()
    state = DocuSignState(
        public_key_pem=public_key,
        integration_key="integration-key",
        user_id="user-id",
        account_id=ACCOUNT,
        envelopes={
            ENVELOPE: [
                FakeDocument("1", "売買契約書.pdf", b"%PDF-1.7 contract"),
                FakeDocument(
                    "certificate", "Summary", b"%PDF-1.7 cert", kind="summary"
                ),
            ]
        },
    )
    with docusign_server(state, tmp_path) as (server, certificate):
        for name, value in {
            "DOCUSIGN_INTEGRATION_KEY": state.integration_key,
            "DOCUSIGN_USER_ID": state.user_id,
            "DOCUSIGN_ACCOUNT_ID": ACCOUNT,
            "DOCUSIGN_PRIVATE_KEY": private_key.decode(),
            "DOCUSIGN_OAUTH_HOST": server.host_port,
            "DOCUSIGN_BASE_PATH": f"{server.base_url}/restapi",
            "DOCUSIGN_CA_BUNDLE_PATH": str(certificate),
        }.items():
            monkeypatch.setenv(name, value)
        docusign_reupload.downloader.cache_clear()
        yield state
    docusign_reupload.downloader.cache_clear()


def completed(envelope: str = ENVELOPE) -> DocusignEnvelopeCompleted:
    return DocusignEnvelopeCompleted(
        envelope_id=envelope, account_id=ACCOUNT, completed_at="2026-11-30T10:00:00Z"
    )


def docusign_scenario(bootstrap_servers: str, tmp_path: Path):  # type: ignore[no-untyped-def]
    return scenario(
        bootstrap_servers,
        tmp_path,
        trigger_schema="DocusignEnvelopeCompleted",
        result_schema="DocusignFilesReuploaded",
        handler="processors.jobs.docusign_reupload:reupload_docusign_files",
        retry_delays_s=[0.5],
    )


def test_envelope_files_are_stored_once_even_when_the_event_repeats(
    bootstrap_servers: str,
    tmp_path: Path,
    store: DocumentStorage,
    fake_docusign: DocuSignState,
) -> None:
    """Two results name the same two files; the second run stored nothing new."""
    with docusign_scenario(bootstrap_servers, tmp_path) as s, s.worker_thread():
        s.publisher().publish(completed(), topic=s.trigger)
        s.collect(s.result, at_least(1))
        modified = {
            path: path.stat().st_mtime_ns
            for path in (tmp_path / "documents").rglob("*.pdf")
        }
        s.publisher().publish(completed(), topic=s.trigger)
        first, second = s.collect(s.result, at_least(2))

    assert [f.name for f in first.event.files] == ["売買契約書.pdf", "Summary"]
    assert first.event.files == second.event.files
    for file in first.event.files:
        assert store.get_bytes(file.document.uri, expected_sha256=file.document.sha256)
    assert {p: p.stat().st_mtime_ns for p in modified} == modified


def test_a_rate_limited_download_is_retried_and_a_missing_envelope_dead_lettered(
    bootstrap_servers: str,
    tmp_path: Path,
    store: DocumentStorage,
    fake_docusign: DocuSignState,
) -> None:
    """429 then success gives a result on attempt 2; 404 goes to the dead letters."""
    fake_docusign.failures.append(
        ScriptedFailure("/documents/1", 429, headers={"Retry-After": "1"})
    )
    with docusign_scenario(bootstrap_servers, tmp_path) as s, s.worker_thread():
        s.publisher().publish(completed(), topic=s.trigger)
        s.publisher().publish(
            completed("f00d0000-0000-4000-8000-000000000404"), topic=s.trigger
        )
        (result,) = s.collect(s.result, at_least(1))
        (dead,) = s.collect(s.dead_letter, at_least(1))
        retried = s.collect(s.catalog.retry_topic("job_under_test", 0.5), at_least(1))

    assert len(result.event.files) == 2
    assert retried[0].headers[headers.ERROR_TYPE] == "DocuSignUnavailableError"
    assert dead.key == "f00d0000-0000-4000-8000-000000000404"
    assert dead.headers[headers.ERROR_KIND] == "non-retryable"
