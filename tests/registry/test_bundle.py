"""Deployment bundles: contents, standalone scorer, verification, tampering, trust and
import into another workspace across the 'air gap'."""

from __future__ import annotations

import hashlib
import io
import json
import subprocess
import sys
import zipfile

import pandas as pd
import pytest

from engine.errors import AlreadyExists, IntegrityError, PermissionDenied, ValidationError
from engine.registry.bundle import verify_bundle
from tests.conftest import ADMIN_PASSWORD
from tests.registry.conftest import VALIDATOR_PASSWORD
from tests.training.conftest import loans_table


@pytest.fixture
def production(workspace, analyst, validator, registered):
    workspace.registry.versions.set_stage(analyst, "credit@1", "staging")
    workspace.registry.approvals.request(analyst, "credit@1")
    workspace.registry.approvals.approve(
        validator, "credit@1", password=VALIDATOR_PASSWORD, reason="approved for the pilot"
    )
    return "credit@1"


@pytest.fixture
def bundle(workspace, admin, analyst, production, tmp_path):
    out = tmp_path / "credit-1.zip"
    result = workspace.registry.deploy.export_bundle(analyst, "credit@1", out)
    assert result.files == tuple(
        sorted(
            [
                "Dockerfile",
                "README.txt",
                "manifest.json",
                "manifest.sig",
                "model.skops",
                "requirements.txt",
                "score.py",
            ]
        )
    )
    return out


def rewrite(path, out, change):
    """Copy the zip, passing each member through change(name, data)."""
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            data = change(info.filename, src.read(info))
            if data is not None:
                dst.writestr(info.filename, data)
    return out


def test_a_bundle_holds_the_model_a_signed_manifest_a_lock_and_a_dockerfile(
    workspace, admin, bundle, run
):
    checked = verify_bundle(bundle)
    assert (
        checked.version_manifest["model_sha256"]
        == hashlib.sha256(checked.files["model.skops"]).hexdigest()
    )
    assert checked.manifest["approval"] is not None
    assert checked.key_fingerprint == checked.manifest["workspace_key"]["fingerprint"]
    files = checked.files
    # the README shows the key as the audit export does (groups of four), quoted where it
    # is an argument; the grouped form is accepted wherever a fingerprint is typed
    shown = " ".join(checked.key_fingerprint[i : i + 4] for i in range(0, 64, 4))
    readme = files["README.txt"].decode()
    assert f"    {shown}\n" in readme and f'--expect-key "{shown}"' in readme
    assert f'--fingerprint "{shown}"' in readme
    lock = files["requirements.txt"].decode()
    import sklearn
    import skops

    assert f"scikit-learn=={sklearn.__version__}" in lock
    assert f"skops=={skops.__version__}" in lock
    # every package scikit-learn needs, transitively (narwhals was missing; issue 19)
    from importlib import metadata

    for needed in ("narwhals", "threadpoolctl", "joblib", "scipy"):
        assert f"{needed}=={metadata.version(needed)}" in lock, lock
    docker = files["Dockerfile"].decode()
    assert "--no-index --find-links /wheelhouse" in docker and "FROM python:3." in docker
    [entry] = [e for e in workspace.audit.entries(admin) if e.action == "registry.export"]
    assert entry.details["bundle_sha256"] == checked.sha256


def test_the_standalone_scorer_verifies_then_scores(bundle, tmp_path, workspace, analyst):
    folder = tmp_path / "unpacked"
    zipfile.ZipFile(bundle).extractall(folder)
    source = tmp_path / "in.csv"
    loans_table(25, seed=8).to_pandas().to_csv(source, index=False)
    done = subprocess.run(
        [sys.executable, str(folder / "score.py"), str(source), str(tmp_path / "out.csv")],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    # issue 19: without --expect-key the scorer says the signer was not checked
    assert "warning: the signer was not checked" in done.stderr
    # the key as the README shows it (grouped, quoted) is checked and accepted
    key = verify_bundle(bundle).key_fingerprint
    shown = " ".join(key[i : i + 4] for i in range(0, 64, 4))
    checked = subprocess.run(
        [
            sys.executable,
            str(folder / "score.py"),
            str(source),
            str(tmp_path / "checked.csv"),
            "--expect-key",
            shown,
        ],
        capture_output=True,
        text=True,
    )
    assert checked.returncode == 0 and "warning" not in checked.stderr, checked.stderr
    wrong = subprocess.run(
        [
            sys.executable,
            str(folder / "score.py"),
            str(source),
            str(tmp_path / "wrong.csv"),
            "--expect-key",
            "0000 " * 16,
        ],
        capture_output=True,
        text=True,
    )
    assert wrong.returncode == 1 and f"signed by key {shown}, not the expected" in wrong.stderr
    out = pd.read_csv(tmp_path / "out.csv")
    _, model = workspace.registry.versions.load(analyst, "credit@1")
    assert list(out["prediction"]) == list(model.predict(loans_table(25, seed=8).to_pandas()))
    # a changed model file is refused by the scorer too, naming it
    (folder / "model.skops").write_bytes((folder / "model.skops").read_bytes() + b"\0")
    done = subprocess.run(
        [sys.executable, str(folder / "score.py"), str(source), str(tmp_path / "out2.csv")],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 1
    assert "model.skops does not match its hash" in done.stderr
    assert not (tmp_path / "out2.csv").exists()


@pytest.mark.parametrize(
    "name, change, message",
    [
        (
            "model.skops",
            lambda d: d[:-1] + bytes([d[-1] ^ 1]),
            "model.skops in tampered.zip does not match its hash",
        ),
        (
            "requirements.txt",
            lambda d: d + b"evil==1.0\n",
            "requirements.txt in tampered.zip does not match its hash",
        ),
        (
            "manifest.json",
            lambda d: d.replace(b'"stage": "production"', b'"stage": "staging"'),
            "manifest.sig does not match manifest.json",
        ),
        ("score.py", lambda d: None, "lacks score.py, which its manifest lists"),
    ],
)
def test_a_tampered_bundle_is_refused_and_the_file_is_named(
    bundle, tmp_path, name, change, message
):
    tampered = rewrite(
        bundle, tmp_path / "tampered.zip", lambda n, d: change(d) if n == name else d
    )
    with pytest.raises(IntegrityError, match=message):
        verify_bundle(tampered)


def test_extra_files_and_non_zips_are_refused(bundle, tmp_path):
    extra = tmp_path / "extra.zip"
    rewrite(bundle, extra, lambda n, d: d)
    with zipfile.ZipFile(extra, "a") as archive:
        archive.writestr("../evil.py", b"print('x')")
    with pytest.raises(IntegrityError, match=r"unexpected file '\.\./evil\.py'"):
        verify_bundle(extra)
    cut = tmp_path / "cut.zip"
    cut.write_bytes(bundle.read_bytes()[:500])
    with pytest.raises(IntegrityError, match="not a zip file"):
        verify_bundle(cut)


def test_import_into_another_workspace_needs_trust_and_records_provenance(bundle, tmp_path, clock):
    from engine.workspace import Workspace

    other, _ = Workspace.create(tmp_path / "prod-ws", "root", ADMIN_PASSWORD, clock=clock)
    with other:
        root = other.login("root", ADMIN_PASSWORD)
        checked = verify_bundle(bundle)
        with pytest.raises(IntegrityError, match="which this workspace does not trust"):
            other.registry.deploy.import_bundle(root, bundle)
        with pytest.raises(ValidationError, match="not 'abcd'"):
            other.registry.deploy.trust(root, bundle, "abcd")
        other.registry.deploy.trust(root, bundle, checked.key_fingerprint)
        version = other.registry.deploy.import_bundle(root, bundle)
        assert (version.ref, version.stage) == ("credit@1", "dev")
        imported = version.manifest["imported"]
        assert imported["source_version"] == "credit@1"
        assert imported["bundle_sha256"] == checked.sha256
        assert imported["source_approval"]["validator_name"] == "val"
        assert version.trained_by == "ana"  # recorded, for four-eyes in this workspace
        _, model = other.registry.versions.load(root, "credit@1")
        assert hasattr(model, "predict_proba")
        with pytest.raises(AlreadyExists, match="already credit@1"):
            other.registry.deploy.import_bundle(root, bundle)
        actions = [e.action for e in other.audit.entries(root)]
        assert "registry.trust" in actions and "registry.import" in actions
        other.users.add(root, "ops", "analyst", "ops password 12")
        ops = other.login("ops", "ops password 12")
        with pytest.raises(PermissionDenied):
            other.registry.deploy.import_bundle(ops, bundle)
        tampered = rewrite(
            bundle, tmp_path / "t.zip", lambda n, d: d + b"\0" if n == "model.skops" else d
        )
        with pytest.raises(IntegrityError, match=r"model\.skops in t\.zip"):
            other.registry.deploy.import_bundle(root, tampered)


def test_bundle_export_checks_its_target(workspace, analyst, production, tmp_path):
    with pytest.raises(ValidationError, match=r"a \.zip file"):
        workspace.registry.deploy.export_bundle(analyst, "credit@1", tmp_path / "b.tar")
    with pytest.raises(ValidationError, match="There is no folder"):
        workspace.registry.deploy.export_bundle(analyst, "credit@1", tmp_path / "no" / "b.zip")


def test_a_forged_manifest_signed_by_another_key_is_refused(bundle, tmp_path):
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from engine.registry.bundle import sign_manifest

    files = {}
    with zipfile.ZipFile(bundle) as archive:
        for name in archive.namelist():
            files[name] = archive.read(name)
    manifest = json.loads(files["manifest.json"])
    manifest["version_manifest"] = manifest["version_manifest"].replace(
        '"roc_auc":0.', '"roc_auc":0.9'
    )
    forger = Ed25519PrivateKey.generate()
    import base64

    manifest["workspace_key"]["public_key"] = base64.b64encode(
        forger.public_key().public_bytes_raw()
    ).decode()
    files["manifest.json"], files["manifest.sig"] = sign_manifest(manifest, forger.sign)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    forged = tmp_path / "forged.zip"
    forged.write_bytes(buffer.getvalue())
    with pytest.raises(
        IntegrityError,
        match=r"registry manifest in forged\.zip does not "
        "match its signature",
    ):
        verify_bundle(forged)
