"""The installer scripts: a failed install leaves nothing behind, and the PowerShell scripts
(no PowerShell on this machine to run them) take the same steps as the shell scripts."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
INSTALLER = ROOT / "installer"


def test_a_failed_install_keeps_nothing(tmp_path):
    release, keys = tmp_path / "release", tmp_path / "keys"
    (release / "wheelhouse").mkdir(parents=True)
    # signed, so it verifies — but the wheel the lock pins is not in the wheelhouse
    (release / "requirements.lock").write_text(
        "numpy==2.4.6 \\\n    --hash=sha256:" + "0" * 64 + "\n"
    )
    (release / "wheelhouse" / "airlock-0.1.0-py3-none-any.whl").write_bytes(b"PK")
    (release / "install_offline.sh").write_bytes((INSTALLER / "install_offline.sh").read_bytes())
    tool = [sys.executable, str(INSTALLER / "release.py")]
    subprocess.run([*tool, "keygen", "--out", str(keys)], check=True, capture_output=True)
    signed = subprocess.run(
        [*tool, "sign", str(release), "--key", str(keys / "release-key.private"), "--version", "t"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    fingerprint = signed.split("fingerprint ")[1].splitlines()[0]
    target = tmp_path / "airlock"
    done = subprocess.run(
        [
            "sh",
            str(release / "install_offline.sh"),
            str(release),
            str(target),
            "--fingerprint",
            fingerprint,
        ],
        capture_output=True,
        text=True,
        timeout=300,
        env={"PATH": "/usr/bin:/bin", "PYTHON": sys._base_executable},
    )
    assert "Result: VALID (t)" in done.stdout
    assert done.returncode == 1 and "The install failed, nothing was kept." in done.stderr
    assert not target.exists()
    wrong = subprocess.run(
        ["sh", str(release / "install_offline.sh"), str(release), str(target)],
        capture_output=True,
        text=True,
    )
    assert wrong.returncode == 2 and "usage:" in wrong.stderr


def _steps(text: str) -> list[str]:
    """The order of the steps that matter in an install script (comments left out)."""
    code = "\n".join(
        line
        for line in re.sub(r"<#.*?#>", "", text, flags=re.S).splitlines()
        if not line.lstrip().startswith("#")
    )
    marks = {
        "verify": r"verify_release\.py",
        "venv": r"-m\W+venv",
        "install-locked": r"--require-hashes",
        "version": r"--version",
        "init": r"\binit\b",
        "import": r"\bimport\b",
        "audit": r"\baudit\b",
    }
    found = {name: re.search(pattern, code) for name, pattern in marks.items()}
    assert all(found.values()), found
    return sorted(found, key=lambda name: found[name].start())


def test_the_powershell_installer_takes_the_shell_installers_steps():
    sh = (INSTALLER / "install_offline.sh").read_text()
    ps1 = (INSTALLER / "install_offline.ps1").read_text()
    assert (
        _steps(sh)
        == _steps(ps1)
        == ["verify", "venv", "install-locked", "version", "init", "import", "audit"]
    )
    for flag in ("--no-index", "--require-hashes", "--no-deps", "--fingerprint"):
        assert flag in sh and flag in ps1
    # every native command's exit status is checked, and a failed install is removed
    for line in ps1.splitlines():
        stripped = line.strip()
        if stripped.startswith("& ") and "verify_release" not in stripped:
            assert stripped.startswith("& $Exe @Arguments")
    assert "Remove-Item -Recurse -Force -LiteralPath $Target" in ps1
    assert ps1.count("Invoke-Checked $airlock_exe") == 4


def test_the_powershell_wheelhouse_build_downloads_what_the_shell_build_does():
    sh = (INSTALLER / "build_wheelhouse.sh").read_text()
    ps1 = (INSTALLER / "build_wheelhouse.ps1").read_text()
    for token in (
        "--only-binary=:all:",
        "--no-deps",
        "--require-hashes",
        "requirements.lock",
        "build-tools.lock",
        "sbom.py",
        "--wheelhouse",
        "--no-index",
        "install_offline.ps1",
        "install_offline.sh",
    ):
        assert token in sh and token in ps1, token
    assert '"download"' in ps1 and "pip download" in sh
