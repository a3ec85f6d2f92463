"""Encrypted objects: round trips, and every kind of damage rejected with an IntegrityError
that names the object, before any plaintext is handed out."""

from __future__ import annotations

import hashlib
import io
import os
import shutil

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine.errors import Cancelled, IntegrityError, NotFound, ValidationError
from engine.jobs import CancelToken
from engine.objects.writer import MAGIC
from engine.security.aead import CIPHER_CHUNK, HEADER_SIZE, PLAIN_CHUNK

pytestmark = pytest.mark.both_backends

CHUNK = PLAIN_CHUNK
BODY = len(MAGIC) + HEADER_SIZE  # first ciphertext chunk starts here


@pytest.fixture
def analyst(team):
    return team["analyst"]


def stored_file(workspace, ref):
    return workspace.objects.path(ref.id)


@pytest.mark.parametrize("size", [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK, 1 << 20])
def test_round_trip_at_chunk_boundaries(workspace, analyst, size) -> None:
    data = os.urandom(size)
    ref = workspace.objects.put(analyst, data, "blob")
    plain = hashlib.sha256(data).hexdigest()
    assert ref.id == workspace.objects.object_id(analyst, plain) != plain and ref.size == size
    assert workspace.objects.sha256(analyst, ref.id) == plain
    assert workspace.objects.get_bytes(analyst, ref.id) == data
    sink = io.BytesIO()
    assert workspace.objects.copy_to(analyst, ref.id, sink) == size
    assert sink.getvalue() == data
    raw = stored_file(workspace, ref).read_bytes()
    assert raw.startswith(MAGIC) and (size < 64 or data[:64] not in raw)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(size=st.integers(0, 10 * 1024 * 1024), seed=st.integers(0, 2**32 - 1))
def test_random_sizes_up_to_10_mib_round_trip(workspace, analyst, size, seed) -> None:
    data = (hashlib.sha256(seed.to_bytes(4, "big")).digest() * (size // 32 + 1))[:size]
    ref = workspace.objects.put(analyst, io.BytesIO(data), "blob", size_hint=size)
    assert workspace.objects.get_bytes(analyst, ref.id) == data


def test_same_content_is_stored_once_and_salts_differ_per_encryption(workspace, analyst):
    first = workspace.objects.put(analyst, b"same bytes", "blob")
    again = workspace.objects.put(analyst, b"same bytes", "blob")
    assert first == again
    from cryptography.cobblestone import Cobblestone256Encryptor

    key = os.urandom(32)
    headers = set()
    for _ in range(1000):
        enc = Cobblestone256Encryptor(key, b"ctx")
        headers.add((enc.update(b"x") + enc.finalize())[:24])
    assert len(headers) == 1000


def damaged(workspace, analyst, mutate, size=3 * CHUNK + 100):
    data = os.urandom(size)
    ref = workspace.objects.put(analyst, data, "blob")
    path = stored_file(workspace, ref)
    raw = bytearray(path.read_bytes())
    path.write_bytes(bytes(mutate(raw)))
    return ref


def flip(offset: int):
    def mutate(raw: bytearray) -> bytearray:
        raw[offset if offset >= 0 else len(raw) + offset] ^= 0x01
        return raw

    return mutate


@pytest.mark.parametrize(
    ("name", "mutate", "where"),
    [
        ("magic", flip(0), "header"),
        ("salt", flip(len(MAGIC) + 3), "header"),
        ("commitment", flip(len(MAGIC) + 30), "header"),
        ("first chunk body", flip(BODY + 10), "chunk 0"),
        ("second chunk tag", flip(BODY + 2 * CIPHER_CHUNK - 1), "chunk 1"),
        ("third chunk body", flip(BODY + 2 * CIPHER_CHUNK + 5), "chunk 2"),
        ("final chunk", flip(-20), "final chunk"),
        ("final tag", flip(-1), "final chunk"),
    ],
)
def test_bit_flips_are_rejected_naming_the_object(workspace, analyst, name, mutate, where):
    ref = damaged(workspace, analyst, mutate)
    with pytest.raises(IntegrityError) as caught:
        workspace.objects.get_bytes(analyst, ref.id)
    assert ref.id in caught.value.message and where in caught.value.message, name


def _truncate(length_from_end):
    return lambda raw: raw[: len(raw) - length_from_end]


@pytest.mark.parametrize(
    "cut",
    [
        "boundary",
        "boundary-1",
        "boundary+1",
        "last byte",
        "whole last chunk",
        "trailing bytes",
        "extra chunk",
        "reordered chunks",
        "duplicated chunk",
    ],
)
def test_truncation_reordering_and_trailing_data_are_rejected(workspace, analyst, cut):
    def mutate(raw: bytearray) -> bytearray:
        chunk = lambda i: raw[BODY + i * CIPHER_CHUNK : BODY + (i + 1) * CIPHER_CHUNK]  # noqa: E731
        boundary = BODY + 2 * CIPHER_CHUNK
        if cut == "boundary":
            return raw[:boundary]
        if cut == "boundary-1":
            return raw[: boundary - 1]
        if cut == "boundary+1":
            return raw[: boundary + 1]
        if cut == "last byte":
            return raw[:-1]
        if cut == "whole last chunk":
            return raw[: BODY + 3 * CIPHER_CHUNK]
        if cut == "trailing bytes":
            return raw + b"\x00\x01"
        if cut == "extra chunk":
            return raw + chunk(0)
        if cut == "reordered chunks":
            return raw[:BODY] + chunk(1) + chunk(0) + raw[BODY + 2 * CIPHER_CHUNK :]
        return raw[:BODY] + chunk(0) + chunk(0) + raw[BODY + 2 * CIPHER_CHUNK :]

    ref = damaged(workspace, analyst, mutate)
    with pytest.raises(IntegrityError) as caught:
        workspace.objects.get_bytes(analyst, ref.id)
    assert ref.id in caught.value.message


def test_object_moved_to_another_id_is_rejected(workspace, analyst):
    a = workspace.objects.put(analyst, os.urandom(5000), "blob")
    b = workspace.objects.put(analyst, os.urandom(5000), "blob")
    shutil.copyfile(stored_file(workspace, a), stored_file(workspace, b))
    with pytest.raises(IntegrityError) as caught:
        workspace.objects.get_bytes(analyst, b.id)
    assert b.id in caught.value.message and "header" in caught.value.message


def test_swapped_data_key_metadata_is_rejected(workspace, analyst):
    from helpers import raw_db

    a = workspace.objects.put(analyst, b"a" * 100, "blob")
    b = workspace.objects.put(analyst, b"b" * 100, "blob")
    db = raw_db(workspace.path)
    wrapped = db.execute("SELECT wrapped_dek FROM objects WHERE id=?", (a.id,)).fetchone()[0]
    db.execute("UPDATE objects SET wrapped_dek=? WHERE id=?", (wrapped, b.id))
    db.commit()
    db.close()
    with pytest.raises(IntegrityError) as caught:
        workspace.objects.get_bytes(analyst, b.id)
    assert b.id in caught.value.message and "data key" in caught.value.message


def test_no_plaintext_is_released_from_a_damaged_stream(workspace, analyst):
    ref = damaged(workspace, analyst, flip(-5), size=10 * CHUNK)
    received = []
    with pytest.raises(IntegrityError):
        for piece in workspace.objects.iter_verified(analyst, ref.id):
            received.append(piece)
    assert received == []  # the first pass failed before anything was yielded


def test_missing_file_and_unknown_id_are_clear_errors(workspace, analyst):
    ref = workspace.objects.put(analyst, b"data", "blob")
    stored_file(workspace, ref).unlink()
    with pytest.raises(IntegrityError, match="is missing"):
        workspace.objects.get_bytes(analyst, ref.id)
    with pytest.raises(NotFound):
        workspace.objects.get_bytes(analyst, "0" * 64)
    with pytest.raises(ValidationError, match="64 hex digits"):
        workspace.objects.get_bytes(analyst, "nope")
    with pytest.raises(ValidationError, match="'kind' parameter"):
        workspace.objects.put(analyst, b"x", "Bad Kind")


def test_cancel_stores_nothing(workspace, analyst):
    token = CancelToken()
    seen = []

    def progress(fraction, message=""):
        seen.append(fraction)
        if fraction > 0.3:
            token.cancel()

    with workspace.db.reading() as session:
        before = workspace.audit_log.size(session)
    with pytest.raises(Cancelled):
        workspace.objects.put(analyst, os.urandom(8 << 20), "blob", progress=progress, cancel=token)
    assert seen and max(seen) < 1.0
    assert not list((workspace.path / "objects").rglob("*.part"))
    assert [p for p in (workspace.path / "objects").iterdir() if p.name != "tmp"] == []
    with workspace.db.reading() as session:
        assert workspace.audit_log.size(session) == before


def test_put_is_audited_with_kind_and_size_but_not_the_plain_hash(workspace, analyst, team):
    ref = workspace.objects.put(analyst, b"evidence", "report")
    entry = workspace.audit.entries(team["auditor"])[-1]
    assert entry.action == "object.put" and entry.user_id == analyst.user_id
    assert entry.target == f"object:{ref.id}"
    assert entry.details == {"kind": "report", "size": 8}


# -- keyed names: the folder does not confirm a known file (issue 18) ----------------------
def test_a_known_file_cannot_be_confirmed_from_the_folder(workspace, analyst):
    """An outsider holding the workspace folder (not the keys) and a file they suspect is
    inside computes its SHA-256: it appears nowhere — not as a file name, not in the
    database, not in the log."""
    secret = b"name,national_id\nLayla Haddad,1098765432\n" * 50
    plain = hashlib.sha256(secret).hexdigest()
    ref = workspace.objects.put(analyst, secret, "blob")
    workspace.close()
    names = [p.name for p in workspace.path.rglob("*")]
    assert plain not in names and ref.id in names
    for path in workspace.path.rglob("*"):
        if path.is_file():
            blob = path.read_bytes()
            assert plain.encode() not in blob and bytes.fromhex(plain) not in blob, path


def test_keyed_names_dedupe_within_a_workspace_and_differ_between_workspaces(
    workspace, analyst, tmp_path
):
    from engine.workspace import Workspace
    from tests.conftest import ADMIN_PASSWORD

    first = workspace.objects.put(analyst, b"same bytes", "blob")
    assert workspace.objects.put(analyst, b"same bytes", "blob").id == first.id
    other, _ = Workspace.create(tmp_path / "other", "admin", ADMIN_PASSWORD)
    try:
        admin = other.login("admin", ADMIN_PASSWORD)
        elsewhere = other.objects.put(admin, b"same bytes", "blob")
        assert elsewhere.id != first.id
        assert (
            other.objects.sha256(admin, elsewhere.id)
            == workspace.objects.sha256(analyst, first.id)
            == hashlib.sha256(b"same bytes").hexdigest()
        )
    finally:
        other.close()


@pytest.mark.tampers
def test_a_sealed_hash_moved_dropped_or_flipped_is_refused(workspace, analyst):
    from sqlalchemy import text

    one = workspace.objects.put(analyst, b"first object", "blob")
    two = workspace.objects.put(analyst, b"second object", "blob")
    with workspace.db.transaction() as session:
        blob = session.execute(
            text("SELECT sealed_sha256 FROM objects WHERE id = :i"), {"i": two.id}
        ).scalar_one()
        session.execute(
            text("UPDATE objects SET sealed_sha256 = :b WHERE id = :i"), {"b": blob, "i": one.id}
        )
    with pytest.raises(IntegrityError, match="its sealed hash"):
        workspace.objects.get_bytes(analyst, one.id)
    # dropped: the row would read as an object from before keyed names, whose name is its
    # plain hash; the keyed name is not, so it is refused
    with workspace.db.transaction() as session:
        session.execute(
            text("UPDATE objects SET sealed_sha256 = NULL WHERE id = :i"), {"i": one.id}
        )
    with pytest.raises(IntegrityError, match="other content than its id names"):
        workspace.objects.get_bytes(analyst, one.id)
    with workspace.db.transaction() as session:
        session.execute(
            text("UPDATE objects SET sealed_sha256 = :b WHERE id = :i"),
            {"b": blob[:-1] + bytes([blob[-1] ^ 1]), "i": two.id},
        )
    with pytest.raises(IntegrityError, match="its sealed hash"):
        workspace.objects.get_bytes(analyst, two.id)


def test_objects_named_before_keyed_names_still_read(workspace, analyst):
    """A workspace upgraded from before keeps its objects under their plain SHA-256 (its
    signed log names them so anyway); they read and verify as before."""
    import dataclasses

    from sqlalchemy import text

    data = b"stored by an older Airlock"
    with workspace.objects.writer(analyst, "blob") as out:
        out.write(data)
        finished = out.finish()
        legacy = dataclasses.replace(finished, object_id=finished.sha256)
        ref = workspace.objects.commit(analyst, legacy)
        out.installed()
    with workspace.db.transaction() as session:
        session.execute(
            text("UPDATE objects SET sealed_sha256 = NULL WHERE id = :i"), {"i": ref.id}
        )
    assert ref.id == hashlib.sha256(data).hexdigest()
    assert workspace.objects.get_bytes(analyst, ref.id) == data
    assert workspace.objects.sha256(analyst, ref.id) == ref.id


def test_leftovers_of_a_killed_write_are_removed_when_the_workspace_opens(workspace, analyst):
    # issue 19: 30 kills during imports left 107 MB of .part files and orphan object files
    import time

    from engine.workspace import Workspace

    kept = workspace.objects.put(analyst, b"a real object", "blob")
    tmp = workspace.path / "objects" / "tmp"
    tmp.mkdir(exist_ok=True)
    stale_part, fresh_part = tmp / "aa.part", tmp / "bb.part"
    stale_part.write_bytes(b"x" * 1000)
    fresh_part.write_bytes(b"y" * 10)  # maybe a write still running elsewhere
    orphan = workspace.objects.path("f" * 64)
    orphan.parent.mkdir(exist_ok=True)
    orphan.write_bytes(b"z" * 500)  # renamed into place, killed before the commit
    old = time.time() - 3600
    for path in (stale_part, orphan):
        os.utime(path, (old, old))
    again = Workspace.open(workspace.path)
    try:
        assert again.leftovers == (2, 1500)
        assert not stale_part.exists() and not orphan.exists() and fresh_part.exists()
        assert again.objects.get_bytes(analyst, kept.id) == b"a real object"
    finally:
        again.close()


def test_a_killed_export_leaves_nothing_after_the_next_one(tmp_path):
    import subprocess
    import sys

    from engine.store.files import atomic_write, temp_beside

    target = tmp_path / "bundle.zip"
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    stale = tmp_path / f".bundle.zip.{dead}.abcd1234.tmp"  # the PID has exited
    stale.write_bytes(b"half a zip")
    alive = tmp_path / f".bundle.zip.{os.getpid()}.0000ffff.tmp"
    alive.write_bytes(b"this process is still writing")
    assert temp_beside(target).name.startswith(f".bundle.zip.{os.getpid()}.")
    atomic_write(target, b"the bundle")
    assert not stale.exists() and alive.exists() and target.read_bytes() == b"the bundle"
