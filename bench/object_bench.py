"""Object store: put/get throughput against raw Cobblestone-256 over the same bytes, and the
peak memory (RSS) of a process putting and getting a large object.

    python bench/object_bench.py [--mib 256] [--rss-gib 1] [--reps 3]
"""

from __future__ import annotations

import argparse
import hashlib
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from cryptography.cobblestone import Cobblestone256Decryptor, Cobblestone256Encryptor

from common import PASSWORD, median, scratch_workspace

PIECE = 1 << 20


def write_source(path: Path, size: int) -> None:
    with open(path, "wb") as out:
        block = os.urandom(PIECE)
        for i in range(size // PIECE):
            out.write(block[i % 7 :] + block[: i % 7])  # distinct pieces, cheap to make


def raw_write(path: Path, target: Path) -> float:
    """Time to copy the file's bytes to a new file and fsync it (the I/O part of a put)."""
    start = time.perf_counter()
    with open(path, "rb") as source, open(target, "wb") as sink:
        while chunk := source.read(PIECE):
            sink.write(chunk)
        sink.flush()
        os.fsync(sink.fileno())
    elapsed = time.perf_counter() - start
    target.unlink()
    return elapsed


def raw_anchors(path: Path) -> tuple[float, float, float]:
    """Times of raw Cobblestone-256 encryption and decryption of the file's bytes (held in
    memory, 1 MiB pieces, output discarded) and of SHA-256 over them."""
    data = path.read_bytes()
    view = memoryview(data)
    key = Cobblestone256Encryptor.generate_key()
    start = time.perf_counter()
    enc = Cobblestone256Encryptor(key, b"bench")
    for i in range(0, len(data), PIECE):
        enc.update(view[i : i + PIECE])
    enc.finalize()
    t_enc = time.perf_counter() - start
    enc = Cobblestone256Encryptor(key, b"bench")
    ciphertext = b"".join(
        [enc.update(view[i : i + PIECE]) for i in range(0, len(data), PIECE)] + [enc.finalize()]
    )
    cview = memoryview(ciphertext)
    start = time.perf_counter()
    dec = Cobblestone256Decryptor(key, b"bench")
    for i in range(0, len(ciphertext), PIECE):
        dec.update(cview[i : i + PIECE])
    dec.finalize()
    t_dec = time.perf_counter() - start
    start = time.perf_counter()
    digest = hashlib.sha256()
    for i in range(0, len(data), PIECE):
        digest.update(view[i : i + PIECE])
    return t_enc, t_dec, time.perf_counter() - start


CHILD = """
import os, sys
sys.path.insert(0, {root!r})
os.environ["AIRLOCK_UNSAFE_FAST_KDF"] = "1"
from pathlib import Path
from engine.workspace import Workspace

def hwm():
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM"):
            return int(line.split()[1]) / 1024

ws = Workspace.open({ws!r})
actor = ws.login("admin", {password!r})
base = hwm()
if {mode!r} == "put":
    out = ws.objects.put(actor, Path({source!r}), "blob").id
else:
    with open(os.devnull, "wb") as sink:
        out = str(ws.objects.copy_to(actor, {object_id!r}, sink))
print(out, round(base), round(hwm()))
"""


def child_rss(mode: str, ws_path: str, source: str, object_id: str = "") -> tuple[str, int, int]:
    """One put or get in a fresh process: (output, peak RSS before the call, peak RSS after),
    in MiB, read from /proc/self/status (VmHWM) inside the child."""
    code = CHILD.format(
        root=str(Path(__file__).resolve().parents[1]),
        ws=ws_path,
        password=PASSWORD,
        mode=mode,
        source=source,
        object_id=object_id,
    )
    out, base, peak = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.split()
    return out, int(base), int(peak)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mib", type=int, default=256)
    parser.add_argument("--rss-gib", type=float, default=1.0)
    parser.add_argument("--reps", type=int, default=3)
    args = parser.parse_args()
    ws, admin = scratch_workspace()
    tmp = Path(tempfile.mkdtemp(prefix="airlock-bench-src-"))
    size = args.mib * PIECE
    print(f"# object bench, {args.mib} MiB object, {args.reps} interleaved repetitions")
    raw_enc, raw_dec, raw_sha, raw_io, puts, gets, reads = [], [], [], [], [], [], []
    for rep in range(args.reps):
        source = tmp / f"source-{rep}.bin"
        write_source(source, size)
        e, d, h = raw_anchors(source)
        raw_enc.append(e)
        raw_dec.append(d)
        raw_sha.append(h)
        raw_io.append(raw_write(source, Path(ws.path) / "objects" / "copy.bin"))
        start = time.perf_counter()
        ref = ws.objects.put(admin, source, "blob")
        puts.append(time.perf_counter() - start)
        start = time.perf_counter()
        with open(os.devnull, "wb") as sink:
            ws.objects.copy_to(admin, ref.id, sink)
        gets.append(time.perf_counter() - start)
        if size <= 512 * PIECE:
            start = time.perf_counter()
            ws.objects.get_bytes(admin, ref.id)
            reads.append(time.perf_counter() - start)
        source.unlink()
    mb = size / 1e6

    def line(label: str, seconds: float, anchor: float) -> str:
        return f"{label:<52} {mb / seconds:8,.0f} MB/s   ratio to raw {anchor / seconds:.2f}"

    enc, dec, sha, io = median(raw_enc), median(raw_dec), median(raw_sha), median(raw_io)
    print(f"{'raw Cobblestone-256 encrypt (memory)':<52} {mb / enc:8,.0f} MB/s")
    print(f"{'raw Cobblestone-256 decrypt (memory)':<52} {mb / dec:8,.0f} MB/s")
    print(f"{'raw SHA-256 (memory)':<52} {mb / sha:8,.0f} MB/s")
    print(f"{'raw file copy + fsync in the workspace folder':<52} {mb / io:8,.0f} MB/s")
    print(
        line("put (read file, SHA-256, encrypt, write, fsync)", median(puts), enc)
        + f"   to floor max(enc, SHA, I/O) {max(enc, sha, io) / median(puts):.2f}"
    )
    if reads:
        print(
            line("get_bytes (decrypt, SHA-256 check, in memory)", median(reads), dec)
            + f"   to floor max(dec, SHA) {max(dec, sha) / median(reads):.2f}"
        )
    print(
        line("copy_to (authenticate pass, then stream pass)", median(gets), dec)
        + f"   to floor max(dec, SHA) + dec {(max(dec, sha) + dec) / median(gets):.2f}"
    )

    # small objects: what keyed names (issue 18) add to each put and read
    import hashlib as _h

    smalls = [os.urandom(4096) for _ in range(300)]
    start = time.perf_counter()
    refs = [ws.objects.put(admin, blob, "blob") for blob in smalls]
    small_put = (time.perf_counter() - start) / len(smalls)
    start = time.perf_counter()
    for ref in refs:
        ws.objects.get_bytes(admin, ref.id)
    small_get = (time.perf_counter() - start) / len(smalls)
    dek = os.urandom(32)
    start = time.perf_counter()
    for blob in smalls:  # the naming work alone: name, seal the plain hash, check the name
        plain = _h.sha256(blob).hexdigest()
        name = ws.objects.object_id(admin, plain)
        ws.objects._seal_sha(dek, name, plain)
        ws.objects.object_id(admin, plain)
    naming = (time.perf_counter() - start) / len(smalls)
    print(
        f"{'small 4 KiB objects: put / get_bytes':<52} {small_put * 1e3:6.2f} ms / "
        f"{small_get * 1e3:.2f} ms"
    )
    print(
        f"{'  keyed name + sealed hash + name check, per object':<52} {naming * 1e6:6.1f} µs"
        f"   share of a small put {naming / small_put:.3f}"
    )

    big = int(args.rss_gib * 1024) * PIECE
    source = tmp / "big.bin"
    write_source(source, big)
    object_id, base, put_peak = child_rss("put", str(ws.path), str(source))
    _, _, get_peak = child_rss("get", str(ws.path), str(source), object_id)
    print(
        f"peak RSS putting a {args.rss_gib:g} GiB object: {put_peak} MiB "
        f"(after imports and login: {base} MiB)"
    )
    print(f"peak RSS getting it (copy_to to /dev/null): {get_peak} MiB")
    source.unlink()
    ws.close()


if __name__ == "__main__":
    main()
