"""The signed release manifest and its verifier, which must run with nothing but Python
before anything from the wheelhouse is installed; and the hash-locked requirements."""

from __future__ import annotations

import base64
import importlib.util
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

ROOT = Path(__file__).resolve().parents[2]
INSTALLER = ROOT / "installer"


def _load(name: str):
    spec = importlib.util.spec_from_file_location(name, INSTALLER / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


verify_release = _load("verify_release")


def test_the_pure_python_ed25519_agrees_with_cryptography():
    rng = __import__("random").Random(8032)
    for i in range(12):
        key = Ed25519PrivateKey.generate()
        public = key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
        message = rng.randbytes(i * 37)
        signature = key.sign(message)
        assert verify_release.ed25519_verify(public, message, signature)
        flipped = bytearray(signature)
        flipped[rng.randrange(64)] ^= 1 << rng.randrange(8)
        assert not verify_release.ed25519_verify(public, message, bytes(flipped))
        assert not verify_release.ed25519_verify(public, message + b"x", signature)
        other = (
            Ed25519PrivateKey.generate().public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
        )
        assert not verify_release.ed25519_verify(other, message, signature)
    # RFC 8032 §7.1, test 2
    public = bytes.fromhex("3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c")
    signature = bytes.fromhex(
        "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da"
        "085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00"
    )
    assert verify_release.ed25519_verify(public, bytes([0x72]), signature)


@pytest.fixture
def release(tmp_path):
    keys, folder = tmp_path / "keys", tmp_path / "release"
    (folder / "wheelhouse").mkdir(parents=True)
    (folder / "wheelhouse" / "numpy-2.4.6-cp311-cp311-manylinux.whl").write_bytes(os.urandom(5000))
    (folder / "requirements.lock").write_text("numpy==2.4.6 --hash=sha256:00\n")
    (folder / "install_offline.sh").write_text("#!/bin/sh\n")
    run = [sys.executable, str(INSTALLER / "release.py")]
    subprocess.run([*run, "keygen", "--out", str(keys)], check=True, capture_output=True)
    subprocess.run(
        [
            *run,
            "sign",
            str(folder),
            "--key",
            str(keys / "release-key.private"),
            "--version",
            "0.1.0",
        ],
        check=True,
        capture_output=True,
    )
    return folder, keys / "release-key.pub"


def check(folder: Path, key: Path, *extra: str) -> subprocess.CompletedProcess:
    # -I: isolated, no site-packages — the verifier needs nothing installed
    return subprocess.run(
        [
            sys.executable,
            "-I",
            str(INSTALLER / "verify_release.py"),
            str(folder),
            "--key",
            str(key),
            *extra,
        ],
        capture_output=True,
        text=True,
    )


def test_a_signed_release_verifies_with_plain_python(release):
    folder, key = release
    public = base64.b64decode(key.read_text())
    done = check(folder, key, "--fingerprint", verify_release.fingerprint(public))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Result: VALID (0.1.0)" in done.stdout
    listed = (folder / "RELEASE-MANIFEST.txt").read_text()
    assert listed.count("  ") == 5  # the 3 files, the verifier and the public key
    assert "  verify_release.py\n" in listed and "  release-key.pub\n" in listed
    assert (folder / "release-key.pub").read_bytes() == key.read_bytes()
    assert "WARNING" not in done.stdout
    # without the fingerprint: the key in the release is used, with a warning
    alone = subprocess.run(
        [sys.executable, "-I", str(folder / "verify_release.py"), str(folder)],
        capture_output=True,
        text=True,
    )
    assert alone.returncode == 0 and "WARNING: no --fingerprint given" in alone.stdout
    assert ((key.parent / "release-key.private").stat().st_mode & 0o077) == 0


@pytest.mark.parametrize(
    "tamper",
    [
        "wheel",
        "manifest",
        "signature",
        "added",
        "missing",
        "fingerprint",
        "key",
        "folder-link",
        "outside-link",
    ],
)
def test_a_tampered_release_is_refused(release, tamper, tmp_path):
    folder, key = release
    wheel = folder / "wheelhouse" / "numpy-2.4.6-cp311-cp311-manylinux.whl"
    extra: list[str] = []
    expected = {
        "wheel": "wheelhouse/numpy-2.4.6-cp311-cp311-manylinux.whl: hash value doesn't match",
        "manifest": "signature does not verify",
        "signature": "signature does not verify",
        "added": "evil.pth: not listed in the manifest (added after signing)",
        "missing": "requirements.lock: missing (listed in the manifest)",
        "fingerprint": "does not match the fingerprint",
        "key": "signature does not verify",
        "folder-link": "wheelhouse/extra: a link to a folder (not allowed in a release)",
        "outside-link": "requirements.lock: a link leading outside the release",
    }[tamper]
    if tamper == "wheel":
        data = bytearray(wheel.read_bytes())
        data[100] ^= 1
        wheel.write_bytes(bytes(data))
    elif tamper == "manifest":
        text = (folder / "RELEASE-MANIFEST.txt").read_text()
        (folder / "RELEASE-MANIFEST.txt").write_text(
            re.sub("[0-9a-f]{64}", "0" * 64, text, count=1)
        )
    elif tamper == "signature":
        sig = bytearray(base64.b64decode((folder / "RELEASE-MANIFEST.sig").read_text()))
        sig[5] ^= 4
        (folder / "RELEASE-MANIFEST.sig").write_text(base64.b64encode(sig).decode())
    elif tamper == "added":
        (folder / "evil.pth").write_text("import os\n")
    elif tamper == "missing":
        (folder / "requirements.lock").unlink()
    elif tamper == "folder-link":  # what is below a linked folder would escape the manifest
        (folder / "wheelhouse" / "extra").symlink_to(folder / "wheelhouse")
    elif tamper == "outside-link":  # the same bytes, but from outside the release
        outside = tmp_path / "outside.lock"
        outside.write_bytes((folder / "requirements.lock").read_bytes())
        (folder / "requirements.lock").unlink()
        (folder / "requirements.lock").symlink_to(outside)
    elif tamper == "fingerprint":
        extra = ["--fingerprint", "0000 " * 16]
    else:
        other = (
            Ed25519PrivateKey.generate().public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
        )
        key = tmp_path / "other.pub"
        key.write_text(base64.b64encode(other).decode())
    done = check(folder, key, *extra)
    assert done.returncode == 1, done.stdout
    assert expected in done.stdout and "Result: INVALID" in done.stdout


def test_the_lock_pins_every_dependency_with_hashes():
    lock = (INSTALLER / "requirements.lock").read_text()
    blocks = re.split(r"\n(?=[a-z0-9])", lock.strip())
    pinned = {}
    for block in blocks:
        head = block.splitlines()[0]
        match = re.match(r"^([a-z0-9][a-z0-9._\-]*)==([^ ;\\]+)", head)
        assert match, head
        assert "--hash=sha256:" in block, head
        pinned.setdefault(match.group(1).replace("_", "-"), []).append(match.group(2))
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    for requirement in project["dependencies"]:
        name = re.match(r"[A-Za-z0-9._\-]+", requirement).group(0).lower().replace("_", "-")
        assert name in pinned, f"{name} is not in installer/requirements.lock (make lock)"


def test_a_folder_with_a_link_leading_out_is_not_signed(tmp_path):
    keys, folder = tmp_path / "keys", tmp_path / "release"
    folder.mkdir()
    (tmp_path / "secret.txt").write_text("x")
    (folder / "notes.txt").symlink_to(tmp_path / "secret.txt")
    run = [sys.executable, str(INSTALLER / "release.py")]
    subprocess.run([*run, "keygen", "--out", str(keys)], check=True, capture_output=True)
    done = subprocess.run(
        [
            *run,
            "sign",
            str(folder),
            "--key",
            str(keys / "release-key.private"),
            "--version",
            "0.1.0",
        ],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 1
    assert "not signed: notes.txt: a link leading outside the release" in done.stderr
    assert not (folder / "RELEASE-MANIFEST.txt").exists()
