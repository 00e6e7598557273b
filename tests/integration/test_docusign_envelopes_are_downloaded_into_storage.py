import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from processors.integrations.docusign import DocuSignClient, EnvelopeDownloader
from processors.integrations.exceptions import (
    DocuSignRejectedError,
    DocuSignUnavailableError,
)
from processors.integrations.settings import DocuSignSettings
from processors.integrations.storage import DocumentStorage, StorageSettings
from tests.fakes.docusign import (
    DocuSignState,
    FakeDocument,
    ScriptedFailure,
    docusign_server,
)
from tests.fakes.tls import rsa_key_pair

ENVELOPE = "4b7e3c1a-2f7d-4a51-9b1e-6a0c3d2e1f00"
DOCUMENTS = [
    FakeDocument(
        "1", "売買契約書.pdf", b"%PDF-1.7 contract " + bytes(range(256)) * 300
    ),
    FakeDocument("2", "重要事項説明書.pdf", b"%PDF-1.7 disclosure"),
    FakeDocument("certificate", "Summary", b"%PDF-1.7 certificate", kind="summary"),
]


@dataclass
class FakeDocuSign:
    state: DocuSignState
    settings: DocuSignSettings
    storage: DocumentStorage
    clock: list[float]

    def client(self) -> DocuSignClient:
        return DocuSignClient(self.settings, clock=lambda: self.clock[0])

    def downloader(self) -> EnvelopeDownloader:
        return EnvelopeDownloader(self.client(), self.storage)


@pytest.fixture
def docusign(tmp_path: Path) -> Iterator[Callable[..., FakeDocuSign]]:
    private_key, public_key = rsa_key_pair()
    state = DocuSignState(
        public_key_pem=public_key,
        integration_key="a1b2c3d4-integration",
        user_id="e5f6a7b8-user",
        account_id="9c0d1e2f-account",
        envelopes={ENVELOPE: list(DOCUMENTS)},
    )
    with docusign_server(state, tmp_path) as (server, certificate):

        def make(signing_key: bytes = private_key) -> FakeDocuSign:
            settings = DocuSignSettings(
                integration_key=state.integration_key,
                user_id=state.user_id,
                account_id=state.account_id,
                private_key=signing_key.decode(),
                oauth_host=server.host_port,
                base_path=f"{server.base_url}/restapi",
                ca_bundle_path=certificate,
                timeout_s=5,
            )
            storage = DocumentStorage(StorageSettings(root_uri=str(tmp_path / "docs")))
            return FakeDocuSign(state, settings, storage, [1000.0])

        yield make


def test_documents_and_certificate_are_stored_with_metadata(
    docusign: Callable[..., FakeDocuSign],
) -> None:
    """Every document and the certificate are stored under deterministic keys."""
    fake = docusign()

    downloaded = fake.downloader().download(ENVELOPE)

    assert [item.document_id for item in downloaded] == ["1", "2", "certificate"]
    for item, source in zip(downloaded, DOCUMENTS, strict=True):
        assert item.stored.uri.endswith(
            f"/docusign/{ENVELOPE}/{source.document_id}.pdf"
        )
        assert item.stored.sha256 == hashlib.sha256(source.content).hexdigest()
        assert fake.storage.get_bytes(item.stored.uri) == source.content
        head = fake.storage.head(item.stored.uri)
        assert head.content_type == "application/pdf"
        assert head.metadata == {
            "envelope-id": ENVELOPE,
            "document-id": source.document_id,
            "name": source.name,
        }
    assert fake.state.token_requests == 1


def test_a_second_download_stores_nothing_again(
    docusign: Callable[..., FakeDocuSign],
) -> None:
    """Documents already stored with the same hash are reported, not rewritten."""
    fake = docusign()
    first = fake.downloader().download(ENVELOPE)
    paths = [Path(fake.storage.head(item.stored.uri).uri[7:]) for item in first]
    written = [path.stat().st_mtime_ns for path in paths]

    second = fake.downloader().download(ENVELOPE)

    assert all(item.already_stored for item in second)
    assert [item.stored for item in second] == [item.stored for item in first]
    assert [path.stat().st_mtime_ns for path in paths] == written


def test_a_changed_document_is_stored_again(
    docusign: Callable[..., FakeDocuSign],
) -> None:
    """A stored copy with another hash is replaced by the downloaded document."""
    fake = docusign()
    fake.storage.put(b"stale", key=f"docusign/{ENVELOPE}/2.pdf", content_type="x/y")

    downloaded = fake.downloader().download(ENVELOPE)

    assert not downloaded[1].already_stored
    assert fake.storage.get_bytes(downloaded[1].stored.uri) == DOCUMENTS[1].content


def test_rate_limit_is_retryable_after_the_time_docusign_asks(
    docusign: Callable[..., FakeDocuSign],
) -> None:
    """A 429 fails the attempt as retryable with Retry-After; the next one works."""
    fake = docusign()
    fake.state.failures.append(
        ScriptedFailure("/documents", 429, headers={"Retry-After": "7"})
    )
    downloader = fake.downloader()

    with pytest.raises(DocuSignUnavailableError) as caught:
        downloader.download(ENVELOPE)

    assert caught.value.retry_after_s == 7
    assert len(downloader.download(ENVELOPE)) == 3


def test_server_errors_are_retryable(docusign: Callable[..., FakeDocuSign]) -> None:
    """A 503 on a document download is a retryable failure."""
    fake = docusign()
    fake.state.failures.append(ScriptedFailure("/documents/2", 503))

    with pytest.raises(DocuSignUnavailableError, match="503"):
        fake.downloader().download(ENVELOPE)


def test_an_unknown_envelope_is_final(docusign: Callable[..., FakeDocuSign]) -> None:
    """A 404 for the envelope is a non-retryable failure."""
    fake = docusign()

    with pytest.raises(DocuSignRejectedError, match="404"):
        fake.downloader().download("0000-unknown")


def test_a_revoked_token_is_renewed_once(docusign: Callable[..., FakeDocuSign]) -> None:
    """After a 401 the client gets a new token and the download succeeds."""
    fake = docusign()
    downloader = fake.downloader()
    downloader.download(ENVELOPE)
    fake.state.revoke_tokens()

    downloaded = downloader.download(ENVELOPE)

    assert len(downloaded) == 3
    assert fake.state.token_requests == 2


def test_a_401_with_a_new_token_is_final(docusign: Callable[..., FakeDocuSign]) -> None:
    """When the new token is refused too, the failure is non-retryable."""
    fake = docusign()
    fake.state.failures += [ScriptedFailure("/documents", 401)] * 2

    with pytest.raises(DocuSignRejectedError, match="401"):
        fake.downloader().download(ENVELOPE)

    assert fake.state.token_requests == 2


def test_a_token_near_its_end_is_renewed_before_use(
    docusign: Callable[..., FakeDocuSign],
) -> None:
    """The client asks for a new token once the current one is about to expire."""
    fake = docusign()
    client = fake.client()
    client.list_documents(ENVELOPE)
    fake.clock[0] += 3600 - 30

    client.list_documents(ENVELOPE)

    assert fake.state.token_requests == 2


def test_a_jwt_signed_with_another_key_is_refused(
    docusign: Callable[..., FakeDocuSign],
) -> None:
    """The server verifies the JWT signature; a wrong key is a final error."""
    other_key, _ = rsa_key_pair()
    fake = docusign(signing_key=other_key)

    with pytest.raises(DocuSignRejectedError, match="invalid_grant"):
        fake.client().list_documents(ENVELOPE)


def test_an_unreachable_server_is_retryable(
    docusign: Callable[..., FakeDocuSign],
) -> None:
    """No server at the OAuth host is a retryable failure."""
    fake = docusign()
    settings = fake.settings.model_copy(update={"oauth_host": "127.0.0.1:9"})

    with pytest.raises(DocuSignUnavailableError):
        DocuSignClient(settings).list_documents(ENVELOPE)


def test_ids_that_could_escape_the_path_are_refused(
    docusign: Callable[..., FakeDocuSign],
) -> None:
    """An envelope id with path characters is refused before any request."""
    fake = docusign()

    with pytest.raises(DocuSignRejectedError, match="not allowed"):
        fake.downloader().download("../other")
    assert fake.state.requests == []
