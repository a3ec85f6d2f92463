"""Audit log: append rate (signed and committed) and verify rate, against a raw loop of
SHA-256 + Ed25519 verify over the same entries in the same run.

    python bench/audit_bench.py [--entries 100000] [--reps 3]
"""

from __future__ import annotations

import argparse
import hashlib
import platform
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from engine.audit.canonical import canonical_json
from engine.audit.log import row_to_json
from engine.audit.record import entry_body, header_of, signature_input, unb64

from common import median, scratch_workspace
from helpers_fill import fill


def append_committed(ws, actor, n: int) -> float:
    """n appends, each its own transaction (fsync'd): entries per second."""
    start = time.perf_counter()
    for i in range(n):
        with ws.db.transaction() as session:
            ws.audit_log.append(
                session,
                actor,
                "object.put",
                f"object:{i:064x}",
                {"kind": "blob", "size": i, "sha256": f"{i:064x}"},
            )
    return n / (time.perf_counter() - start)


def append_batched(ws, actor, n: int, batch: int = 1000) -> float:
    start = time.perf_counter()
    fill(ws, actor, n, batch)
    return n / (time.perf_counter() - start)


def raw_material(ws, keys: dict[str, Ed25519PublicKey]) -> list[tuple[bytes, bytes, object]]:
    """(canonical bytes the hash covers, signature, public key, format) of every stored
    entry, in memory: the header in format 2, the body in format 1."""
    out = []
    with ws.db.reading() as session:
        for row in ws.audit_log.rows(session):
            entry = row_to_json(row)
            if entry["sig"] is None:
                continue
            hashed = header_of(entry) if entry["v"] == 2 else entry_body(entry)
            out.append(
                (
                    canonical_json(hashed),
                    unb64(entry["sig"]),
                    keys[entry["actor"]["key_id"]],
                    entry["v"],
                )
            )
    return out


def raw_loop(material) -> float:
    start = time.perf_counter()
    for body, sig, key, version in material:
        digest = hashlib.sha256(body).hexdigest()
        key.verify(sig, signature_input(digest, version))
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--committed", type=int, default=2_000)
    parser.add_argument("--reps", type=int, default=3)
    args = parser.parse_args()
    ws, admin = scratch_workspace()
    print(
        f"# audit bench, {platform.python_version()}, {platform.machine()}, entries={args.entries}"
    )
    committed = append_committed(ws, admin, args.committed)
    print(f"append, one commit each (fsync, synchronous=FULL): {committed:,.0f} entries/s")
    batched = append_batched(ws, admin, args.entries - args.committed)
    print(f"append, 1000 per commit:                          {batched:,.0f} entries/s")
    report = ws.audit.verify(admin)
    assert report.ok, report.summary()
    keys = {k.key_id: Ed25519PublicKey.from_public_bytes(k.public_key) for k in report.keys}
    out = Path(ws.path).parent / "bundle.zip"
    ws.audit.export(admin, out)  # the log is final from here on
    material = raw_material(ws, keys)
    n = len(material)
    raw_times, verify_times, bundle_times = [], [], []
    from engine.audit.bundle_check import verify_bundle

    for _ in range(args.reps):  # interleaved: raw, workspace verify, bundle verify
        raw_times.append(raw_loop(material))
        start = time.perf_counter()
        result = ws.audit.verify(admin)
        verify_times.append(time.perf_counter() - start)
        assert result.ok
        start = time.perf_counter()
        assert verify_bundle(str(out)).ok
        bundle_times.append(time.perf_counter() - start)
    raw, ver, bun = median(raw_times), median(verify_times), median(bundle_times)
    raw_rate = len(material) / raw
    print(
        f"raw SHA-256 + Ed25519 verify, {len(material):,} entries: {raw:.2f} s ({raw_rate:,.0f}/s)"
    )
    print(
        f"airlock audit verify (workspace), {n:,} entries: {ver:.2f} s "
        f"({n / ver:,.0f}/s), ratio to raw {n / ver / raw_rate:.2f}"
    )
    print(
        f"verify-bundle (standalone code), {n:,} entries: {bun:.2f} s "
        f"({n / bun:,.0f}/s), ratio to raw {n / bun / raw_rate:.2f}"
    )
    ws.close()


if __name__ == "__main__":
    main()
