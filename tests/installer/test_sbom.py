"""installer/sbom.py: the CycloneDX SBOM and the licence report of a build describe exactly
what it ships, and a build whose environment differs from the lock is stopped."""

from __future__ import annotations

import copy
import hashlib
import importlib.metadata
import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.installer.test_release import _load

ROOT = Path(__file__).resolve().parents[2]
sbom = _load("sbom")


@pytest.fixture(scope="module")
def environment():
    """The SBOM of the test environment (cyclonedx-py takes ~10 s: once per module)."""
    return sbom.environment_sbom(sys.executable)


def test_a_wheelhouse_build_lists_its_wheels_with_their_hashes(
    environment, tmp_path, monkeypatch, capsys
):
    house, out = tmp_path / "wheelhouse", tmp_path / "out"
    house.mkdir()
    numpy = importlib.metadata.version("numpy")
    sklearn = importlib.metadata.version("scikit-learn")
    files = {
        "numpy": house / f"numpy-{numpy}-cp311-cp311-manylinux_2_28_x86_64.whl",
        "scikit-learn": house / f"scikit_learn-{sklearn}-cp311-cp311-manylinux.whl",
    }
    for i, path in enumerate(files.values()):
        path.write_bytes(bytes([i]) * 4096)
    (house / "airlock-0.1.0-py3-none-any.whl").write_bytes(b"root")
    # the script's own main, with the environment's SBOM made once for this module
    # (cyclonedx-py takes 10-40 s a time); that the file runs as a script is checked below
    monkeypatch.setattr(sbom, "environment_sbom", lambda python: copy.deepcopy(environment))
    assert (
        sbom.main(["--python", sys.executable, "--wheelhouse", str(house), "--out", str(out)]) == 0
    )
    assert "(2 components)" in capsys.readouterr().out
    done = subprocess.run(
        [sys.executable, str(ROOT / "installer" / "sbom.py"), "--help"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0 and "--wheelhouse" in done.stdout, done.stderr
    document = json.loads((out / "sbom.cdx.json").read_text())
    assert document["bomFormat"] == "CycloneDX" and document["specVersion"] == "1.6"
    assert document["metadata"]["component"]["name"] == "airlock"
    components = {c["name"].lower(): c for c in document["components"]}
    assert set(components) == {"numpy", "scikit-learn"}  # only what the build ships
    for name, path in files.items():
        component = components[name]
        assert component["hashes"] == [
            {"alg": "SHA-256", "content": hashlib.sha256(path.read_bytes()).hexdigest()}
        ]
        assert component["purl"].startswith(f"pkg:pypi/{name}@")
    assert components["numpy"]["version"] == numpy
    refs = {c["bom-ref"] for c in document["components"]} | {"root-component"}
    for dependency in document["dependencies"]:
        assert dependency["ref"] in refs and set(dependency["dependsOn"]) <= refs
    report = (out / "licences.md").read_text()
    assert "2 packages" in report and "| numpy " in report and "BSD" in report
    texts = (out / "THIRD-PARTY-LICENCES.txt").read_text()
    assert "numpy" in texts and "Redistribution and use in source and binary forms" in texts


def test_the_lock_decides_what_ships_and_a_different_version_stops_the_build(environment, tmp_path):
    numpy = importlib.metadata.version("numpy")
    lock = tmp_path / "requirements.lock"
    lock.write_text(
        f"numpy=={numpy} ; python_full_version >= '3.11' \\\n"
        "    --hash=sha256:00\n"
        "numpy==1.0.0 ; python_full_version < '3.11' \\\n"  # another Python's pin
        "    --hash=sha256:00\n"
        "pywin32==311 ; sys_platform == 'win32' \\\n"  # another platform's
        "    --hash=sha256:00\n"
    )
    shipped = sbom.locked(lock, sys.executable)
    assert shipped == {"numpy": numpy}
    kept = sbom.limit(copy.deepcopy(environment), {**shipped, "pyside6-essentials": None}, {})
    assert sorted(c["name"].lower() for c in kept["components"]) == ["numpy", "pyside6_essentials"]
    sbom.validate(kept)
    with pytest.raises(
        SystemExit,
        match=r"numpy: the environment has .*, the build ships "
        r"0\.0\.1",
    ):
        sbom.limit(copy.deepcopy(environment), {"numpy": "0.0.1"}, {})
    with pytest.raises(
        SystemExit,
        match=r"notinstalled 1\.0: in the wheelhouse, not in the "
        "environment",
    ):
        sbom.limit(
            copy.deepcopy(environment),
            {"notinstalled": "1.0"},
            {"notinstalled": ("notinstalled-1.0-py3-none-any.whl", "0" * 64)},
        )


def test_an_invalid_document_is_refused(environment):
    broken = copy.deepcopy(environment)
    broken["components"][0]["purl"] = 42
    with pytest.raises(SystemExit, match=r"not valid CycloneDX 1\.6"):
        sbom.validate(broken)


def test_the_licence_report_flags_copyleft_for_review(tmp_path):
    count, review = sbom.licences(sys.executable, ["PySide6_Essentials", "numpy"], tmp_path)
    assert count == 2
    assert len(review) == 1 and review[0].startswith("PySide6_Essentials")
    assert "used under LGPL-3.0" in review[0]
    report = (tmp_path / "licences.md").read_text()
    assert "## For review" in report and "- PySide6_Essentials" in report
