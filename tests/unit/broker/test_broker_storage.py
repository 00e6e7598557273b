import base64
from pathlib import Path

from processors.broker.storage import is_formatted, new_cluster_id


def test_cluster_ids_are_unpadded_url_safe_uuids() -> None:
    """Each id decodes to 16 bytes and never starts with '-'."""
    cluster_ids = [new_cluster_id() for _ in range(200)]

    for cluster_id in cluster_ids:
        assert len(cluster_id) == 22
        assert not cluster_id.startswith("-")
        assert len(base64.urlsafe_b64decode(cluster_id + "==")) == 16
    assert len(set(cluster_ids)) == len(cluster_ids)


def test_a_data_dir_with_meta_properties_is_formatted(tmp_path: Path) -> None:
    """Storage is formatted once: meta.properties marks it."""
    assert not is_formatted(tmp_path)

    (tmp_path / "meta.properties").write_text("cluster.id=abc\n")

    assert is_formatted(tmp_path)
