#!/usr/bin/env python3
"""Verify an Airlock release folder before anything in it is installed.

Needs only Python 3.11+ (no package at all: the Ed25519 check below is the reference code of
RFC 8032 §6, so nothing from the unverified wheelhouse runs before the check).

    python verify_release.py RELEASE_DIR --fingerprint "ab12 …" [--key release-key.pub]

Checks: RELEASE-MANIFEST.txt is signed (RELEASE-MANIFEST.sig) by the release key; the key
matches the fingerprint you received out of band; every file the manifest lists
is present with its SHA-256; no file was added. Exit status 0 when all holds, 1 otherwise
(every problem is printed), 2 on a usage error.
"""

from __future__ import annotations

import argparse
import base64
import binascii
import hashlib
import sys
from pathlib import Path

MANIFEST = "RELEASE-MANIFEST.txt"
SIGNATURE = "RELEASE-MANIFEST.sig"
FORMAT = "airlock-release/v1"

# ---- Ed25519 verification, RFC 8032 §6 (reference code, variable time: verifying only) ----
_P = 2**255 - 19
_L = 2**252 + 27742317777372353535851937790883648493
_D = -121665 * pow(121666, _P - 2, _P) % _P
_SQRT_M1 = pow(2, (_P - 1) // 4, _P)


def _recover_x(y: int, sign: int) -> int | None:
    if y >= _P:
        return None
    x2 = (y * y - 1) * pow(_D * y * y + 1, _P - 2, _P)
    if x2 == 0:
        return None if sign else 0
    x = pow(x2, (_P + 3) // 8, _P)
    if (x * x - x2) % _P != 0:
        x = x * _SQRT_M1 % _P
    if (x * x - x2) % _P != 0:
        return None
    if (x & 1) != sign:
        x = _P - x
    return x


_GY = 4 * pow(5, _P - 2, _P) % _P
_GX = _recover_x(_GY, 0)
assert _GX is not None
_G = (_GX, _GY, 1, _GX * _GY % _P)
Point = tuple[int, int, int, int]


def _add(p: Point, q: Point) -> Point:
    a = (p[1] - p[0]) * (q[1] - q[0]) % _P
    b = (p[1] + p[0]) * (q[1] + q[0]) % _P
    c = 2 * p[3] * q[3] * _D % _P
    d = 2 * p[2] * q[2] % _P
    e, f, g, h = b - a, d - c, d + c, b + a
    return (e * f % _P, g * h % _P, f * g % _P, e * h % _P)


def _mul(s: int, p: Point) -> Point:
    q: Point = (0, 1, 1, 0)
    while s > 0:
        if s & 1:
            q = _add(q, p)
        p = _add(p, p)
        s >>= 1
    return q


def _equal(p: Point, q: Point) -> bool:
    return (p[0] * q[2] - q[0] * p[2]) % _P == 0 and (p[1] * q[2] - q[1] * p[2]) % _P == 0


def _decompress(data: bytes) -> Point | None:
    if len(data) != 32:
        return None
    y = int.from_bytes(data, "little")
    sign = y >> 255
    y &= (1 << 255) - 1
    x = _recover_x(y, sign)
    return None if x is None else (x, y, 1, x * y % _P)


def ed25519_verify(public: bytes, message: bytes, signature: bytes) -> bool:
    if len(public) != 32 or len(signature) != 64:
        return False
    a, r = _decompress(public), _decompress(signature[:32])
    if a is None or r is None:
        return False
    s = int.from_bytes(signature[32:], "little")
    if s >= _L:
        return False
    h = int.from_bytes(hashlib.sha512(signature[:32] + public + message).digest(), "little") % _L
    return _equal(_mul(s, _G), _add(r, _mul(h, a)))


# ---- the release ---------------------------------------------------------------------------
def fingerprint(public: bytes) -> str:
    digest = hashlib.sha256(public).hexdigest()
    return " ".join(digest[i : i + 4] for i in range(0, 64, 4))


def file_sha256(path: Path) -> str:
    """The SHA-256 of a file, read in 1 MiB blocks (wheels and Qt libraries are large)."""
    sha = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            sha.update(block)
    return sha.hexdigest()


def read_key(path: Path) -> bytes:
    try:
        key = base64.b64decode(path.read_text(encoding="ascii").strip(), validate=True)
    except (OSError, UnicodeDecodeError, binascii.Error, ValueError) as exc:
        raise SystemExit(f"error: cannot read the release key {path}: {exc}") from None
    if len(key) != 32:
        raise SystemExit(f"error: {path} is not an Ed25519 public key (32 bytes, base64).")
    return key


def link_problems(folder: Path) -> list[str]:
    """Symbolic links a release may not hold: to a folder (what is below it would escape the
    manifest) or to anything outside the release. Links to files inside it are hashed by
    their content like any file (the desktop bundle has such links)."""
    problems = []
    root = folder.resolve()
    for path in sorted(folder.rglob("*")):
        if not path.is_symlink():
            continue
        name = path.relative_to(folder).as_posix()
        target = path.resolve()
        if target != root and root not in target.parents:
            problems.append(f"{name}: a link leading outside the release")
        elif target.is_dir():
            problems.append(f"{name}: a link to a folder (not allowed in a release)")
    return problems


def verify(folder: Path, public: bytes, wanted_fingerprint: str | None = None) -> list[str]:
    """Every problem found (empty when the release verifies)."""
    problems: list[str] = []
    if wanted_fingerprint is not None:
        wanted = "".join(wanted_fingerprint.split()).lower()
        if wanted != fingerprint(public).replace(" ", ""):
            problems.append("the release key does not match the fingerprint you were given")
    try:
        manifest = (folder / MANIFEST).read_bytes()
        signature = base64.b64decode(
            (folder / SIGNATURE).read_text(encoding="ascii").strip(), validate=True
        )
    except (OSError, UnicodeDecodeError, binascii.Error, ValueError) as exc:
        return [*problems, f"cannot read the manifest or its signature: {exc}"]
    if not ed25519_verify(public, manifest, signature):
        return [
            *problems,
            f"{MANIFEST}: the signature does not verify with the release key "
            "(the manifest was changed, or signed by another key)",
        ]
    lines = manifest.decode("utf-8").splitlines()
    if len(lines) < 2 or lines[0] != FORMAT:
        return [*problems, f"{MANIFEST}: not an Airlock release manifest"]
    listed: dict[str, str] = {}
    for line in lines[2:]:
        digest, _, name = line.partition("  ")
        if len(digest) != 64 or not name or name.startswith("/") or ".." in name.split("/"):
            problems.append(f"{MANIFEST}: malformed line {line!r}")
            continue
        listed[name] = digest
    problems += link_problems(folder)
    present = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}
    for name in sorted(present - set(listed) - {MANIFEST, SIGNATURE}):
        problems.append(f"{name}: not listed in the manifest (added after signing)")
    for name, digest in sorted(listed.items()):
        path = folder / name
        if name not in present:
            problems.append(f"{name}: missing (listed in the manifest)")
            continue
        if file_sha256(path) != digest:
            problems.append(f"{name}: hash value doesn't match the manifest")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="verify_release.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("release", type=Path, help="the release folder")
    parser.add_argument(
        "--key", type=Path, help="the release key (default: release-key.pub in the release)"
    )
    parser.add_argument("--fingerprint", help="the key fingerprint received out of band")
    args = parser.parse_args(argv)
    public = read_key(args.key or args.release / "release-key.pub")
    problems = verify(args.release, public, args.fingerprint)
    for problem in problems:
        print(f"INVALID: {problem}")
    version = ""
    if not problems:
        version = (args.release / MANIFEST).read_text(encoding="utf-8").splitlines()[1]
    print(f"Release key fingerprint {fingerprint(public)}")
    if args.fingerprint is None:
        print(
            "WARNING: no --fingerprint given: this shows the files are the ones the key "
            "signed, not whose key it is. Compare the fingerprint above with the one you "
            "received out of band."
        )
    print(f"Result: VALID ({version})" if not problems else "Result: INVALID — install nothing")
    return 0 if not problems else 1


if __name__ == "__main__":
    sys.exit(main())
