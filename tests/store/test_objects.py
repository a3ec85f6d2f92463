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
from engine.security.aead import CIPHER_CHUNK, HEADER_SIZE, PLAIN_CHUNK
from engine.store.objects import MAGIC

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
    assert ref.id == hashlib.sha256(data).hexdigest() and ref.size == size
    assert workspace.objects.get_bytes(analyst, ref.id) == data
    sink = io.BytesIO()
    assert workspace.objects.copy_to(analyst, ref.id, sink) == size
    assert sink.getvalue() == data
    raw = stored_file(workspace, ref).read_bytes()
    assert raw.startswith(MAGIC) and (size < 64 or data[:64] not in raw)


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
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


@pytest.mark.parametrize(("name", "mutate", "where"), [
    ("magic", flip(0), "header"),
    ("salt", flip(len(MAGIC) + 3), "header"),
    ("commitment", flip(len(MAGIC) + 30), "header"),
    ("first chunk body", flip(BODY + 10), "chunk 0"),
    ("second chunk tag", flip(BODY + 2 * CIPHER_CHUNK - 1), "chunk 1"),
    ("third chunk body", flip(BODY + 2 * CIPHER_CHUNK + 5), "chunk 2"),
    ("final chunk", flip(-20), "final chunk"),
    ("final tag", flip(-1), "final chunk"),
])
def test_bit_flips_are_rejected_naming_the_object(workspace, analyst, name, mutate, where):
    ref = damaged(workspace, analyst, mutate)
    with pytest.raises(IntegrityError) as caught:
        workspace.objects.get_bytes(analyst, ref.id)
    assert ref.id in caught.value.message and where in caught.value.message, name


def _truncate(length_from_end):
    return lambda raw: raw[:len(raw) - length_from_end]


@pytest.mark.parametrize("cut", ["boundary", "boundary-1", "boundary+1", "last byte",
                                 "whole last chunk", "trailing bytes", "extra chunk",
                                 "reordered chunks", "duplicated chunk"])
def test_truncation_reordering_and_trailing_data_are_rejected(workspace, analyst, cut):
    def mutate(raw: bytearray) -> bytearray:
        chunk = lambda i: raw[BODY + i * CIPHER_CHUNK: BODY + (i + 1) * CIPHER_CHUNK]  # noqa: E731
        boundary = BODY + 2 * CIPHER_CHUNK
        if cut == "boundary":
            return raw[:boundary]
        if cut == "boundary-1":
            return raw[:boundary - 1]
        if cut == "boundary+1":
            return raw[:boundary + 1]
        if cut == "last byte":
            return raw[:-1]
        if cut == "whole last chunk":
            return raw[:BODY + 3 * CIPHER_CHUNK]
        if cut == "trailing bytes":
            return raw + b"\x00\x01"
        if cut == "extra chunk":
            return raw + chunk(0)
        if cut == "reordered chunks":
            return raw[:BODY] + chunk(1) + chunk(0) + raw[BODY + 2 * CIPHER_CHUNK:]
        return raw[:BODY] + chunk(0) + chunk(0) + raw[BODY + 2 * CIPHER_CHUNK:]

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
        workspace.objects.put(analyst, os.urandom(8 << 20), "blob", progress=progress,
                              cancel=token)
    assert seen and max(seen) < 1.0
    assert not list((workspace.path / "objects").rglob("*.part"))
    assert [p for p in (workspace.path / "objects").iterdir() if p.name != "tmp"] == []
    with workspace.db.reading() as session:
        assert workspace.audit_log.size(session) == before


def test_put_is_audited_with_hash_and_size(workspace, analyst, team):
    ref = workspace.objects.put(analyst, b"evidence", "report")
    entry = workspace.audit.entries(team["auditor"])[-1]
    assert entry.action == "object.put" and entry.user_id == analyst.user_id
    assert entry.details == {"kind": "report", "size": 8, "sha256": ref.id}
