"""Proofs for one entry (docs/audit-format.md §12): `airlock audit proof` prints them,
`airlock audit verify-proof` and `verify_bundle.py --proof` check them, and every corruption
of a good proof is refused (the transparency-dev/merkle method: index ± 1, size × 2 and ÷ 2,
another root, a flipped bit in each element, an element removed or added)."""

from __future__ import annotations

import base64
import copy
import json
import subprocess
import sys
import zipfile

import pytest

from engine.audit.bundle_check import verify_bundle
from engine.audit.export import fingerprint
from engine.audit.proof_check import check_proof
from engine.store.schema import WorkspaceState
from tests.helpers import fill_log, lines


@pytest.fixture
def proved(workspace, team, tmp_path):
    fill_log(workspace, [team["admin"], team["analyst"]], 40)
    kept = workspace.audit.save_checkpoint(team["auditor"])
    fill_log(workspace, [team["analyst"]], 25, seed=3)
    auditor = team["auditor"]
    inclusion = workspace.audit.inclusion_proof(auditor, 17)
    consistency = workspace.audit.consistency_proof(auditor, kept)
    bundle = tmp_path / "bundle.zip"
    workspace.audit.export(auditor, bundle)
    with workspace.db.reading() as session:
        key = fingerprint(session.get(WorkspaceState, 1).log_public_key)
    return {"inclusion": inclusion, "consistency": consistency, "bundle": bundle, "key": key}


def check(proof: dict, key: str | None, bundle=None):
    text = json.dumps(proof)
    if bundle is None:
        return check_proof(text, key)
    return verify_bundle(str(bundle), None, key, text)


def test_good_proofs_verify_alone_and_against_their_bundle(proved):
    for kind in ("inclusion", "consistency"):
        report = check(proved[kind], proved["key"])
        assert report.ok, lines(report)
        assert not [f for f in report.findings if not f.invalid and not f.note]
        assert check(proved[kind], proved["key"], proved["bundle"]).ok
    entry = proved["inclusion"]["entry"]
    assert entry["seq"] == 17 and entry["v"] == 2 and "details" in entry
    alone = check(proved["inclusion"], None)
    assert alone.ok and "not compared with a fingerprint" in lines(alone)
    assert "its log key is not the trusted key" in lines(check(proved["inclusion"], "00ff"))


def _flip(text: str) -> str:
    raw = bytearray(base64.b64decode(text))
    raw[len(raw) // 2] ^= 1
    return base64.b64encode(bytes(raw)).decode()


def corruptions(proof: dict):
    """Every corruption of a good proof, each of which must be refused."""
    kind = proof["format"]
    sizes = ("tree_size",) if "inclusion" in kind else ("old_size", "new_size")
    for name in (*sizes, *(("seq", "leaf_index") if "inclusion" in kind else ())):
        for value in (proof[name] + 1, proof[name] - 1, proof[name] * 2, proof[name] // 2):
            if value != proof[name]:
                bad = copy.deepcopy(proof)
                bad[name] = value
                yield f"{name}={value}", bad
    roots = ("root", "leaf_hash") if "inclusion" in kind else ("old_root", "new_root")
    for name in roots:
        bad = copy.deepcopy(proof)
        bad[name] = _flip(bad[name])
        yield f"flipped {name}", bad
    for i in range(len(proof["proof"])):
        bad = copy.deepcopy(proof)
        bad["proof"][i] = _flip(bad["proof"][i])
        yield f"flipped proof[{i}]", bad
        bad = copy.deepcopy(proof)
        del bad["proof"][i]
        yield f"removed proof[{i}]", bad
    bad = copy.deepcopy(proof)
    bad["proof"].append(proof["proof"][0])
    yield "appended element", bad
    bad = copy.deepcopy(proof)
    bad["proof"].insert(0, base64.b64encode(bytes(32)).decode())
    yield "prepended element", bad
    if "inclusion" in kind:
        bad = copy.deepcopy(proof)
        bad["entry"]["details"] = {"forged": True}
        yield "entry content changed", bad
        bad = copy.deepcopy(proof)
        bad["entry"]["time"] = "2020-01-01T00:00:00.000000Z"
        yield "entry time changed", bad
    for note in ("checkpoint", "old_checkpoint", "new_checkpoint"):
        if note in proof:
            bad = copy.deepcopy(proof)
            bad[note] = bad[note].replace("\n\n", "\nextra\n\n", 1)
            yield f"{note} edited", bad


@pytest.mark.parametrize("kind", ["inclusion", "consistency"])
def test_every_corruption_of_a_proof_is_refused(proved, kind):
    cases = list(corruptions(proved[kind]))
    assert len(cases) > 10
    for name, bad in cases:
        report = check(bad, proved["key"])
        assert not report.ok, f"{kind}: {name} was accepted"


def test_a_proof_of_another_log_is_refused_against_this_bundle(proved, tmp_path):
    other = copy.deepcopy(proved["inclusion"])
    other["entry"]["seq"] = 18
    report = check(other, proved["key"], proved["bundle"])
    assert not report.ok


def test_the_command_line_prints_and_checks_a_proof(proved, tmp_path):
    path = tmp_path / "proof.json"
    path.write_text(json.dumps(proved["inclusion"]))
    engine = [sys.executable, "-m", "engine", "audit"]
    ran = subprocess.run(
        [*engine, "verify-proof", str(path), "--trusted-key", proved["key"]],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert ran.returncode == 0 and "Proof: VALID" in ran.stdout, ran.stdout + ran.stderr
    bad = copy.deepcopy(proved["inclusion"])
    bad["proof"][0] = _flip(bad["proof"][0])
    path.write_text(json.dumps(bad))
    ran = subprocess.run(
        [*engine, "verify-proof", str(path), "--trusted-key", proved["key"]],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert ran.returncode == 1 and "Proof: INVALID" in ran.stdout
    assert "seq 17: INVALID: the inclusion proof does not lead to the root" in ran.stdout
    # and the verifier inside the bundle checks it against the bundle
    with zipfile.ZipFile(proved["bundle"]) as z:
        (tmp_path / "verify_bundle.py").write_bytes(z.read("verify_bundle.py"))
    path.write_text(json.dumps(proved["inclusion"]))
    ran = subprocess.run(
        [
            sys.executable,
            "-I",
            str(tmp_path / "verify_bundle.py"),
            str(proved["bundle"]),
            "--proof",
            str(path),
            "--trusted-key",
            proved["key"],
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert ran.returncode == 0 and "Result: VALID" in ran.stdout, ran.stdout
