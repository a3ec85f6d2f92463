"""Architecture rules checked by machine: the engine never imports Qt or the GUI, opens no
sockets, and the audit and security layers import no feature area (import-linter contracts
in pyproject.toml); plus module size."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_import_linter_contracts_hold():
    lint = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(lint), str(ROOT / "pyproject.toml")], capture_output=True,
                            text=True, cwd=ROOT, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 3 kept, 0 broken." in result.stdout


FEATURE_AREAS = ("data", "training", "registry", "monitoring", "governance", "pipelines", "cli")


def test_audit_and_security_import_no_feature_area():
    import ast

    for layer in ("audit", "security"):
        for path in (ROOT / "engine" / layer).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                names = []
                if isinstance(node, ast.ImportFrom) and node.module and not node.level:
                    names = [node.module]
                elif isinstance(node, ast.Import):
                    names = [a.name for a in node.names]
                for name in names:
                    parts = name.split(".")
                    assert not (parts[0] == "engine" and len(parts) > 1
                                and parts[1] in FEATURE_AREAS), f"{path}: imports {name}"


def test_training_uses_the_data_service_not_its_tables():
    for path in (ROOT / "engine" / "training").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        for table in ("DatasetRow", "DatasetVersionRow", "ContractRow", "ValidationRow"):
            assert table not in text, f"{path.relative_to(ROOT)} reads the data area's tables"


def test_no_engine_module_mentions_qt_or_sockets():
    for path in (ROOT / "engine").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        for word in ("PySide6", "import socket", "urllib.request", "http.client"):
            assert word not in text, f"{path.relative_to(ROOT)} mentions {word}"


def test_modules_stay_small():
    for folder in ("engine", "gui"):
        for path in (ROOT / folder).rglob("*.py"):
            lines = len(path.read_text(encoding="utf-8").splitlines())
            assert lines <= 600, f"{path.relative_to(ROOT)} has {lines} lines; split it"
