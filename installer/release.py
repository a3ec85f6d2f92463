#!/usr/bin/env python3
"""Make and sign an Airlock release (maintainers; needs `cryptography`).

    python installer/release.py keygen --out DIR        # release-key.pub and release-key.private
    python installer/release.py sign RELEASE_DIR --key release-key.private --version 0.1.0

`sign` adds the verifier (verify_release.py) and the public key (release-key.pub) to
RELEASE_DIR, lists every file below it with its SHA-256 in RELEASE-MANIFEST.txt and signs
that file with the Ed25519 release key (RELEASE-MANIFEST.sig, base64). Any folder can be a
release: the wheelhouse folder of build_wheelhouse, or the desktop bundle (dist/airlock).
Keep the private key offline; publish the key's fingerprint and the verifier's SHA-256
through a second channel.
installer/verify_release.py checks a release with nothing but Python.
"""

from __future__ import annotations

import argparse
import base64
import os
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from verify_release import (
    FORMAT,
    MANIFEST,
    SIGNATURE,
    file_sha256,
    fingerprint,
    link_problems,
)


def keygen(out: Path) -> None:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.serialization import (
        Encoding,
        NoEncryption,
        PrivateFormat,
        PublicFormat,
    )

    key = Ed25519PrivateKey.generate()
    private = key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
    public = key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    out.mkdir(parents=True, exist_ok=True)
    secret = out / "release-key.private"
    fd = os.open(secret, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(base64.b64encode(private).decode() + "\n")
    (out / "release-key.pub").write_text(base64.b64encode(public).decode() + "\n")
    print(f"Wrote {secret} (keep it offline) and {out / 'release-key.pub'}.")
    print(f"Fingerprint {fingerprint(public)}")


def sign(folder: Path, key_file: Path, version: str) -> None:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    links = link_problems(folder)
    if links:
        raise SystemExit("error: not signed: " + "; ".join(links))
    key = Ed25519PrivateKey.from_private_bytes(base64.b64decode(key_file.read_text().strip()))
    public = key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    (folder / "release-key.pub").write_text(base64.b64encode(public).decode() + "\n")
    verifier = Path(__file__).resolve().parent / "verify_release.py"
    shutil.copyfile(verifier, folder / "verify_release.py")
    lines = [FORMAT, version]
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        name = path.relative_to(folder).as_posix()
        if name in (MANIFEST, SIGNATURE):
            continue
        lines.append(f"{file_sha256(path)}  {name}")
    manifest = ("\n".join(lines) + "\n").encode("utf-8")
    (folder / MANIFEST).write_bytes(manifest)
    (folder / SIGNATURE).write_text(base64.b64encode(key.sign(manifest)).decode() + "\n")
    print(f"Signed {len(lines) - 2} files of release {version} in {folder}.")
    print(f"Release key fingerprint {fingerprint(public)}")
    print(f"verify_release.py SHA-256 {file_sha256(verifier)}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="release.py", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("keygen")
    p.add_argument("--out", type=Path, required=True)
    p = sub.add_parser("sign")
    p.add_argument("release", type=Path)
    p.add_argument("--key", type=Path, required=True)
    p.add_argument("--version", required=True)
    args = parser.parse_args(argv)
    if args.command == "keygen":
        keygen(args.out)
    else:
        sign(args.release, args.key, args.version)
    return 0


if __name__ == "__main__":
    sys.exit(main())
