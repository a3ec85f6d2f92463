"""The single-file verifier shipped in bundles, and the worked example of FORMAT.md."""

from __future__ import annotations

import ast
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from engine.audit.bundle_check import render, verify_bundle
from engine.audit.canonical import canonical_json
from engine.audit.merkle import leaf_hash
from engine.audit.merkle import root as merkle_root
from engine.audit.notes import checkpoint_body, sign_note
from engine.audit.record import (
    b64,
    content_digest,
    entry_hash,
    header_of,
    key_id,
    signature_input,
)
from engine.audit.standalone import MODULES, build_verifier

ROOT = Path(__file__).resolve().parents[2]
STDLIB = set(sys.stdlib_module_names)


def test_verifier_imports_only_the_standard_library_and_cryptography():
    tree = ast.parse(build_verifier())
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            assert node.level == 0, "relative import left in the standalone verifier"
            names = [node.module or ""]
        else:
            continue
        for name in names:
            top = name.split(".")[0]
            assert top in STDLIB or top == "cryptography", name


def test_source_modules_import_only_stdlib_cryptography_and_each_other():
    for module in MODULES:
        tree = ast.parse((ROOT / "engine" / "audit" / f"{module}.py").read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.level:
                assert node.module in MODULES, (module, node.module)
                assert node.names[0].name != "*"
            elif isinstance(node, ast.ImportFrom):
                assert node.module.split(".")[0] in STDLIB | {"cryptography"}, node.module


@pytest.fixture
def bundle(workspace, team, tmp_path):
    workspace.objects.put(team["analyst"], b"some data", "blob")
    out = tmp_path / "bundle.zip"
    workspace.audit.export(team["auditor"], out)
    return out


def run_standalone(bundle: Path, tmp_path: Path, *extra: str) -> subprocess.CompletedProcess:
    with zipfile.ZipFile(bundle) as z:
        script = tmp_path / "verify_bundle.py"
        script.write_bytes(z.read("verify_bundle.py"))
    # -I: no user site or PYTHONPATH; the engine package is blocked outright.
    code = (
        "import sys, runpy; sys.modules['engine'] = None; "
        f"sys.argv = ['verify_bundle.py', {str(bundle)!r}, *{list(extra)!r}]; "
        f"runpy.run_path({str(script)!r}, run_name='__main__')"
    )
    return subprocess.run(
        [sys.executable, "-I", "-c", code], capture_output=True, text=True, timeout=120
    )


def test_standalone_agrees_with_the_engine_on_a_good_and_a_bad_bundle(bundle, tmp_path):
    good = run_standalone(bundle, tmp_path)
    assert good.returncode == 0, good.stderr
    assert good.stdout.strip() == render(verify_bundle(str(bundle)))
    assert "Result: VALID" in good.stdout
    bad = tmp_path / "bad.zip"
    with zipfile.ZipFile(bundle) as zin, zipfile.ZipFile(bad, "w") as zout:
        for name in zin.namelist():
            data = zin.read(name)
            if name == "entries.jsonl":
                data = data.replace(b'"action":"auth.login"', b'"action":"auth.lOgin"', 1)
            zout.writestr(name, data)
    result = run_standalone(bad, tmp_path)
    assert result.returncode == 1
    assert result.stdout.strip() == render(verify_bundle(str(bad)))
    assert "seq 2: INVALID: hash value doesn't match" in result.stdout


def test_format_doc_is_shipped_and_identical_to_docs():
    assert (ROOT / "docs" / "audit-format.md").read_bytes() == (
        ROOT / "engine" / "audit" / "FORMAT.md"
    ).read_bytes()


def worked_example() -> dict[str, str]:
    """The values of docs/audit-format.md §13, computed from the fixed seeds."""
    user, log, recovery = (
        Ed25519PrivateKey.from_private_bytes(bytes(range(a, a + 32))) for a in (0, 32, 64)
    )
    log_id = "ws_0123456789abcdef"
    origin = f"airlock/{log_id}"
    upub, lpub, rpub = (k.public_key().public_bytes_raw() for k in (user, log, recovery))
    admin = "usr_000000000001"
    uname, rname = f"{origin}/user/{admin}", f"{origin}/recovery"
    details = {
        "admin": admin,
        "format": 1,
        "keys_added": [
            {
                "key_id": key_id(origin, lpub),
                "name": origin,
                "purpose": "log",
                "user_id": None,
                "public_key": b64(lpub),
            },
            {
                "key_id": key_id(uname, upub),
                "name": uname,
                "purpose": "user",
                "user_id": admin,
                "public_key": b64(upub),
            },
            {
                "key_id": key_id(rname, rpub),
                "name": rname,
                "purpose": "recovery",
                "user_id": None,
                "public_key": b64(rpub),
            },
        ],
    }
    actor = {"user_id": admin, "role": "admin", "key_id": key_id(uname, upub)}
    first = {
        "v": 2,
        "log_id": log_id,
        "seq": 1,
        "time": "2026-11-26T09:30:00.000000Z",
        "actor": actor,
        "action": "workspace.init",
        "flags": ["keys"],
        "adopts": 0,
        "prev": "0" * 64,
        "content": content_digest(f"workspace:{log_id}", details),
        "target": f"workspace:{log_id}",
        "details": details,
    }
    first["hash"] = entry_hash(first)
    first["sig"] = b64(user.sign(signature_input(first["hash"], 2)))
    second = {
        "v": 2,
        "log_id": log_id,
        "seq": 2,
        "time": "2026-11-26T09:31:00.000000Z",
        "actor": actor,
        "action": "auth.login",
        "flags": [],
        "adopts": 0,
        "prev": first["hash"],
        "content": content_digest(f"user:{admin}", {}),
        "target": f"user:{admin}",
        "details": {},
    }
    second["hash"] = entry_hash(second)
    second["sig"] = b64(user.sign(signature_input(second["hash"], 2)))
    pruned = {k: v for k, v in second.items() if k not in ("target", "details")}
    pruned["pruned"] = True
    leaves = [leaf_hash(bytes.fromhex(e["hash"])) for e in (first, second)]
    note = sign_note(
        checkpoint_body(origin, 2, merkle_root(leaves), "2026-11-26T09:31:00.000100Z"),
        origin,
        lpub,
        log.sign,
    )
    return {
        "user_public": b64(upub),
        "user_key_id": key_id(uname, upub),
        "log_public": b64(lpub),
        "log_key_id": key_id(origin, lpub),
        "recovery_public": b64(rpub),
        "recovery_key_id": key_id(rname, rpub),
        "header1": canonical_json(header_of(first)).decode(),
        "content1": first["content"],
        "hash1": first["hash"],
        "sig1": first["sig"],
        "line1": canonical_json(first).decode(),
        "leaf1": leaves[0].hex(),
        "line2": canonical_json(second).decode(),
        "hash2": second["hash"],
        "pruned2": canonical_json(pruned).decode(),
        "root2": merkle_root(leaves).hex(),
        "checkpoint": note.rstrip("\n"),
    }


def test_worked_example_in_format_doc_is_correct():
    doc = (ROOT / "engine" / "audit" / "FORMAT.md").read_text()
    for name, value in worked_example().items():
        assert value in doc, (name, value)
    assert "WORKED-EXAMPLE" not in doc
