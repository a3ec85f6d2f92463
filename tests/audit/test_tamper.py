"""The tamper matrix: every manipulation of a stored log is reported, with the right seq,
both in the workspace (edits made with sqlite3, bypassing the app) and in an exported bundle."""

from __future__ import annotations

import base64
import io
import random
import shutil
import sqlite3
import zipfile
from pathlib import Path
from types import SimpleNamespace

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from engine.audit.bundle_check import verify_bundle
from engine.audit.notes import checkpoint_body, parse_checkpoint, sign_note
from engine.workspace import Workspace

from conftest import ADMIN_PASSWORD, PASSWORDS, Clock
from helpers import fill_log, flip_char, invalid_seqs, lines, raw_db

N = 300  # entries; each of the 110 edits below verifies the whole log again
COLUMNS = [
    "time",
    "action",
    "target",
    "details",
    "prev",
    "hash",
    "sig",
    "actor_user_id",
    "actor_role",
    "actor_key_id",
    "log_id",
]


@pytest.fixture(scope="module")
def pristine(tmp_path_factory):
    """A workspace with a log of ~300 entries, an earlier copy of it, a checkpoint the
    auditor kept, and an exported bundle."""
    base = tmp_path_factory.mktemp("tamper")
    ws, _ = Workspace.create(base / "ws", "admin", ADMIN_PASSWORD, clock=Clock())
    admin = ws.login("admin", ADMIN_PASSWORD)
    ws.users.add(admin, "ana", "analyst", PASSWORDS["ana"])
    analyst = ws.login("ana", PASSWORDS["ana"])
    fill_log(ws, [admin, analyst], N // 2)
    ws.close()
    shutil.copytree(base / "ws", base / "older")  # a backup someone could restore later
    with Workspace.open(base / "older", clock=Clock()) as older:
        older.audit.export(admin, base / "older-bundle.zip")
    shutil.rmtree(base / "older")
    shutil.copytree(base / "ws", base / "older")
    ws = Workspace.open(base / "ws", clock=Clock())
    fill_log(ws, [admin, analyst], N // 2, seed=2)
    kept = ws.audit.save_checkpoint(admin, base / "kept.txt")
    ws.audit.export(admin, base / "bundle.zip")
    with ws.db.reading() as session:
        size = ws.audit_log.size(session)
    ws.close()
    assert not (base / "ws" / "metadata.db-wal").exists()  # fully checkpointed on close
    return {"base": base, "admin": admin, "kept": kept, "size": size}


@pytest.fixture
def copy(pristine, tmp_path):
    """A fresh copy of the pristine workspace for one test; returns (workspace, admin)."""
    target = tmp_path / "ws"
    shutil.copytree(pristine["base"] / "ws", target)
    ws = Workspace.open(target, clock=Clock())
    yield ws
    ws.close()


def verify(ws, pristine, trusted: str | None = None):
    return ws.audit.verify(pristine["admin"], trusted_checkpoint=trusted)


def test_pristine_log_verifies(copy, pristine) -> None:
    report = verify(copy, pristine, pristine["kept"])
    assert report.ok, lines(report)
    assert report.entries_checked == pristine["size"] > N


def test_hundred_single_byte_edits_each_reported_with_its_seq(pristine, tmp_path) -> None:
    rng = random.Random(2026)
    db_file = pristine["base"] / "ws" / "metadata.db"
    target = tmp_path / "ws"
    shutil.copytree(pristine["base"] / "ws", target)
    ws = Workspace.open(target, clock=Clock())
    try:
        for case in range(110):
            ws.db.dispose()
            shutil.copyfile(db_file, target / "metadata.db")
            for suffix in ("-wal", "-shm"):
                (target / f"metadata.db{suffix}").unlink(missing_ok=True)
            seq = rng.randint(1, pristine["size"])
            db = raw_db(target)
            row = db.execute(
                f"SELECT {', '.join(COLUMNS)} FROM audit_entries WHERE seq=?", (seq,)
            ).fetchone()
            column = rng.choice([c for c, v in zip(COLUMNS, row, strict=True) if v])
            value = row[COLUMNS.index(column)]
            db.execute(
                f"UPDATE audit_entries SET {column}=? WHERE seq=?", (flip_char(value, rng), seq)
            )
            db.close()
            report = ws.audit.verify(pristine["admin"])
            assert not report.ok, f"case {case}: edit of {column} at seq {seq} not detected"
            assert seq in invalid_seqs(report), (case, column, seq, lines(report))
    finally:
        ws.close()


@pytest.mark.parametrize("where", ["first", "middle", "last"])
def test_deleted_entry_is_reported(copy, pristine, where) -> None:
    size = pristine["size"]
    seq = {"first": 1, "middle": size // 2, "last": size}[where]
    db = raw_db(copy.path)
    db.execute("DELETE FROM audit_entries WHERE seq=?", (seq,))
    db.close()
    report = verify(copy, pristine)
    assert not report.ok
    text = lines(report)
    if where == "last":
        assert f"covers {size} entries but the log ends at seq {size - 1}" in text
    else:
        assert f"gap: INVALID: seq {seq - 1} \u2192 {seq + 1}: entry {seq} not found" in text
        assert f"seq {seq + 1}: INVALID: prev doesn't match" in text


def test_inserted_entry_is_reported(copy, pristine) -> None:
    """A forged row copied from a real one and renumbered into the middle."""
    seq = pristine["size"] // 3
    db = raw_db(copy.path)
    db.execute("UPDATE audit_entries SET seq = -seq WHERE seq > ?", (seq,))
    db.execute("UPDATE audit_entries SET seq = 1 - seq WHERE seq < 0")
    db.execute(
        "INSERT INTO audit_entries SELECT ?, v, log_id, time, actor_user_id, "
        "actor_role, actor_key_id, action, target, details, prev, hash, sig, pruned, "
        "flags, adopts, content FROM audit_entries WHERE seq = ?",
        (seq + 1, seq),
    )
    db.close()
    report = verify(copy, pristine)
    assert not report.ok
    assert seq + 1 in invalid_seqs(report)


def test_swapped_entries_are_reported(copy, pristine) -> None:
    a, b = 50, 250
    db = raw_db(copy.path)
    cols = ", ".join(COLUMNS)
    row_a = db.execute(f"SELECT {cols} FROM audit_entries WHERE seq=?", (a,)).fetchone()
    row_b = db.execute(f"SELECT {cols} FROM audit_entries WHERE seq=?", (b,)).fetchone()
    assignments = ", ".join(f"{c}=?" for c in COLUMNS)
    db.execute(f"UPDATE audit_entries SET {assignments} WHERE seq=?", (*row_b, a))
    db.execute(f"UPDATE audit_entries SET {assignments} WHERE seq=?", (*row_a, b))
    db.close()
    report = verify(copy, pristine)
    assert {a, b} <= invalid_seqs(report), lines(report)


def test_truncation_detected_by_checkpoint_and_by_kept_checkpoint(copy, pristine) -> None:
    size = pristine["size"]
    db = raw_db(copy.path)
    db.execute("DELETE FROM audit_entries WHERE seq > ?", (size - 10,))
    db.close()
    report = verify(copy, pristine)
    assert f"entries {size - 9}..{size} were removed (truncation)" in lines(report)
    # The attacker also removes the checkpoints and the entry the verification just wrote:
    # only the kept one can tell now.
    db = raw_db(copy.path)
    db.execute("DELETE FROM checkpoints")
    db.execute("DELETE FROM audit_entries WHERE seq > ?", (size - 10,))
    db.close()
    copy.db.dispose()
    report = verify(copy, pristine, pristine["kept"])
    kept_size = parse_checkpoint(pristine["kept"]).size
    assert f"holds {kept_size}: the log was truncated or restored from an older copy" in lines(
        report
    )


def test_restoring_an_older_copy_is_detected_only_against_a_kept_checkpoint(
    pristine, tmp_path
) -> None:
    target = shutil.copytree(pristine["base"] / "older", tmp_path / "restored")
    with Workspace.open(target, clock=Clock()) as ws:
        alone = ws.audit.verify(pristine["admin"])
        assert alone.ok, lines(alone)  # a consistent older state verifies on its own...
        with_kept = ws.audit.verify(pristine["admin"], trusted_checkpoint=pristine["kept"])
        assert not with_kept.ok  # ...but not against what the auditor kept
        assert "restored from an older copy" in lines(with_kept)


def test_rewritten_history_fails_consistency_with_kept_checkpoint(copy, pristine) -> None:
    """Same size, different content, digest and hash recomputed: a fork against the kept
    checkpoint."""
    from engine.audit.log import row_to_json
    from engine.audit.record import content_digest, entry_hash

    db = raw_db(copy.path)
    db.row_factory = sqlite3.Row
    row = dict(db.execute("SELECT * FROM audit_entries WHERE seq=5").fetchone())
    row["target"] = "object:forged"
    entry = row_to_json(SimpleNamespace(**row))
    entry["content"] = content_digest(entry["target"], entry["details"])
    forged_hash = entry_hash(entry)
    db.execute(
        "UPDATE audit_entries SET target='object:forged', content=?, hash=? WHERE seq=5",
        (entry["content"], forged_hash),
    )
    db.close()
    report = verify(copy, pristine, pristine["kept"])
    assert "is not an extension of the trusted checkpoint" in lines(report)
    assert 5 in invalid_seqs(report)


def _forged_checkpoint(size: int, root: bytes, origin: str) -> str:
    stranger = Ed25519PrivateKey.generate()
    public = stranger.public_key().public_bytes_raw()
    return sign_note(
        checkpoint_body(origin, size, root, "2026-11-26T10:00:00.000000Z"),
        origin,
        public,
        stranger.sign,
    )


def test_checkpoint_signed_by_unknown_key_is_rejected(copy, pristine) -> None:
    genuine = parse_checkpoint(pristine["kept"])
    forged = _forged_checkpoint(genuine.size, genuine.root, genuine.origin)
    report = verify(copy, pristine, forged)
    assert "trusted checkpoint: INVALID: rejected: not signed by a trusted key" in lines(report)
    db = raw_db(copy.path)
    db.execute("UPDATE checkpoints SET note=? WHERE kind='latest'", (forged,))
    db.close()
    report = verify(copy, pristine)
    assert "checkpoint latest: INVALID: not signed by a trusted key" in lines(report)


def test_edited_key_table_and_config_are_reported(copy, pristine) -> None:
    db = raw_db(copy.path)
    db.execute(
        "UPDATE signing_keys SET public_key=? WHERE id=2",
        (Ed25519PrivateKey.generate().public_key().public_bytes_raw(),),
    )
    db.close()
    report = verify(copy, pristine)
    assert "differs from the key the log introduced" in lines(report)


def test_entry_signed_with_a_newer_key_for_an_older_seq_is_rejected(copy, pristine) -> None:
    """The CVE-2023-31439 pattern: re-signing an old entry with a key introduced later."""
    admin = pristine["admin"]
    later = copy.users.add(admin, "late", "analyst", "late password 1")
    late = copy.login("late", "late password 1")
    db = raw_db(copy.path)
    digest = db.execute("SELECT hash FROM audit_entries WHERE seq=10").fetchone()[0]
    from engine.audit.record import signature_input

    sig = base64.b64encode(late.sign(signature_input(digest))).decode()
    db.execute(
        "UPDATE audit_entries SET sig=?, actor_key_id=?, actor_user_id=? WHERE seq=10",
        (sig, later.signing_key_id, later.id),
    )
    db.close()
    report = verify(copy, pristine)
    assert "which is not valid at this seq" in lines(report)
    assert 10 in invalid_seqs(report)


# -- the same cases on an exported bundle --------------------------------------------------
def rewrite_bundle(src: Path, dst: Path, edit) -> Path:
    with zipfile.ZipFile(src) as zin:
        files = {n: zin.read(n) for n in zin.namelist()}
    files = edit(files) or files
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zout:
        for name, data in files.items():
            zout.writestr(name, data)
    dst.write_bytes(buffer.getvalue())
    return dst


def test_pristine_bundle_verifies(pristine) -> None:
    report = verify_bundle(str(pristine["base"] / "bundle.zip"), pristine["kept"])
    assert report.ok, lines(report)


def test_hundred_single_byte_edits_in_bundle_each_reported(pristine, tmp_path) -> None:
    rng = random.Random(7)
    src = pristine["base"] / "bundle.zip"
    with zipfile.ZipFile(src) as z:
        entry_lines = z.read("entries.jsonl").split(b"\n")
    for case in range(105):
        index = rng.randrange(len(entry_lines) - 1)
        line = bytearray(entry_lines[index])
        pos = rng.randrange(len(line))
        line[pos] = rng.choice([c for c in b'0123456789abcdefxyz{}:,"' if c != line[pos]])
        edited = list(entry_lines)
        edited[index] = bytes(line)

        def edit(files, edited=edited):
            files["entries.jsonl"] = b"\n".join(edited)

        report = verify_bundle(str(rewrite_bundle(src, tmp_path / "b.zip", edit)))
        assert not report.ok
        assert index + 1 in invalid_seqs(report), (case, bytes(line), lines(report))
        assert "entries.jsonl: INVALID: hash value doesn't match the manifest" in lines(report)


@pytest.mark.parametrize(
    "case",
    [
        "delete first",
        "delete middle",
        "delete last",
        "insert",
        "duplicate",
        "swap",
        "truncate",
        "unlisted file",
        "foreign file",
        "replaced keys",
        "forged checkpoint",
    ],
)
def test_bundle_manipulations_are_reported(pristine, tmp_path, case) -> None:
    src = pristine["base"] / "bundle.zip"
    kept = pristine["kept"]

    def edit(files):
        lines_ = files["entries.jsonl"].split(b"\n")[:-1]
        if case == "delete first":
            del lines_[0]
        elif case == "delete middle":
            del lines_[len(lines_) // 2]
        elif case == "delete last":
            del lines_[-1]
        elif case == "insert":
            lines_.insert(50, lines_[20])
        elif case == "duplicate":
            lines_.insert(51, lines_[50])
        elif case == "swap":
            lines_[30], lines_[31] = lines_[31], lines_[30]
        elif case == "truncate":
            del lines_[-25:]
            files = {n: d for n, d in files.items() if not n.startswith("checkpoints/")}
        elif case == "unlisted file":
            files["checkpoints/saved-999.txt"] = files["checkpoints/latest.txt"]
        elif case == "foreign file":
            files["extra.txt"] = b"hello"
        elif case == "replaced keys":
            files["keys.json"] = b'{"keys": []}'
        elif case == "forged checkpoint":
            genuine = parse_checkpoint(files["checkpoints/latest.txt"].decode())
            files["checkpoints/latest.txt"] = _forged_checkpoint(
                genuine.size, genuine.root, genuine.origin
            ).encode()
        files["entries.jsonl"] = b"\n".join(lines_) + b"\n"
        return files

    report = verify_bundle(str(rewrite_bundle(src, tmp_path / "b.zip", edit)), kept)
    assert not report.ok, case
    text = lines(report)
    expected = {
        "delete first": "gap: INVALID: seq 0 \u2192 2: entry 1 not found",
        "delete middle": "not found",
        "delete last": "were removed (truncation)",
        "insert": "duplicate: an entry with seq 21 appears earlier",
        "duplicate": "duplicate: an entry with seq 51 appears earlier",
        "swap": "seq 31: INVALID: out of order",
        "truncate": "the log was truncated or restored from an older copy",
        "unlisted file": "checkpoints/saved-999.txt: INVALID: not listed in the manifest",
        "foreign file": "refused: the member 'extra.txt' does not belong in an audit bundle",
        "replaced keys": "keys.json: INVALID: lacks key",
        "forged checkpoint": "checkpoint latest.txt: INVALID: not signed by a trusted key",
    }[case]
    assert expected in text, text


def test_bundle_of_an_older_copy_fails_against_a_newer_kept_checkpoint(pristine) -> None:
    older = str(pristine["base"] / "older-bundle.zip")
    assert verify_bundle(older).ok
    report = verify_bundle(older, pristine["kept"])
    assert "the log was truncated or restored from an older copy" in lines(report)


def test_trusted_key_fingerprint_mismatch_is_reported(pristine) -> None:
    bundle = str(pristine["base"] / "bundle.zip")
    report = verify_bundle(bundle, trusted_key="0000 1111")
    assert "the log key of this bundle is not the trusted key" in lines(report)
    assert verify_bundle(bundle, trusted_key=report.log_key.key_id).ok
