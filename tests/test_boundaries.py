"""Architecture rules checked by machine: the engine never imports Qt or the GUI, opens no
sockets, and every package imports only from the layers below it (import-linter contracts in
pyproject.toml); plus module size."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_import_linter_contracts_hold():
    lint = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run(
        [str(lint), str(ROOT / "pyproject.toml")],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 4 kept, 0 broken." in result.stdout


def _layers() -> list[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    (contract,) = [c for c in config["tool"]["importlinter"]["contracts"] if c["type"] == "layers"]
    return [name.strip() for layer in contract["layers"] for name in layer.split("|")]


def test_the_layers_name_every_engine_module():
    named = set(_layers())
    for path in sorted((ROOT / "engine").iterdir()):
        if path.name.startswith(("_", ".")) and path.name != "__main__.py":
            continue
        if path.is_dir() and not (path / "__init__.py").is_file():
            continue
        if path.suffix not in (".py", "") or (path.is_file() and path.suffix != ".py"):
            continue
        module = "engine." + path.stem
        assert module in named, f"{module} is in no layer of pyproject.toml's layers contract"


def test_a_back_import_breaks_the_layers_contract(tmp_path):
    """The contract is not decoration: the store importing the workspace (a layer far above
    it) makes lint-imports fail and name the import."""
    for package in ("engine", "gui"):
        shutil.copytree(
            ROOT / package,
            tmp_path / package,
            ignore=shutil.ignore_patterns("__pycache__", "*.qm", "*.ts"),
        )
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    files = tmp_path / "engine" / "store" / "files.py"
    files.write_text(
        files.read_text(encoding="utf-8") + "\nimport engine.workspace\n", encoding="utf-8"
    )
    lint = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run(
        [str(lint), "pyproject.toml", "--contract", "layers", "--no-cache"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=300,
        env={**os.environ, "PYTHONPATH": str(tmp_path)},
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert "engine.store.files -> engine.workspace" in result.stdout


def test_training_uses_the_data_service_not_its_tables():
    for path in (ROOT / "engine" / "training").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        for table in ("DatasetRow", "DatasetVersionRow", "ContractRow", "ValidationRow"):
            assert table not in text, f"{path.relative_to(ROOT)} reads the data area's tables"


def test_governance_uses_the_data_area_not_its_store_or_tables():
    """Retention and erasure go through the data area's lifecycle service (engine/data/
    lifecycle.py), not its dataset store or its tables."""
    for path in (ROOT / "engine" / "governance").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        for word in ("DatasetRow", "DatasetVersionRow", "_data.store", "DriftProfileRow"):
            assert word not in text, f"{path.relative_to(ROOT)} uses {word}"


def test_validation_messages_have_one_shape():
    """A refused value is said one way: what is allowed, then "Got VALUE." (not "Got VALUE
    instead.", which half the messages said before issue 21)."""
    import re

    for path in (ROOT / "engine").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        found = re.findall(r"Got [^\n]*? instead\.|Got \"\n[^\n]* instead\.", text)
        assert not found, f"{path.relative_to(ROOT)}: {found[0]}"


def test_no_engine_module_mentions_qt_or_sockets():
    for path in (ROOT / "engine").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        for word in ("PySide6", "import socket", "urllib.request", "http.client"):
            assert word not in text, f"{path.relative_to(ROOT)} mentions {word}"


def test_the_import_graph_has_no_cycle():
    """No two modules import each other, directly or round a loop, even lazily inside a
    function. Imports under TYPE_CHECKING (types only: a helper module naming the service
    it works on) are left out: they never run."""
    import grimp

    graph = grimp.build_graph("engine", "gui", exclude_type_checking_imports=True)
    edges = {m: graph.find_modules_directly_imported_by(m) for m in graph.modules}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    cycles: list[list[str]] = []

    def visit(module: str) -> None:  # Tarjan's strongly connected components
        index[module] = low[module] = len(index)
        stack.append(module)
        for other in edges[module]:
            if other not in index:
                visit(other)
                low[module] = min(low[module], low[other])
            elif other in stack:
                low[module] = min(low[module], index[other])
        if low[module] == index[module]:
            component = []
            while True:
                top = stack.pop()
                component.append(top)
                if top == module:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10_000))
    for module in sorted(edges):
        if module not in index:
            visit(module)
    assert cycles == [], f"import cycles: {cycles}"


def test_modules_stay_small():
    for folder in ("airlock", "engine", "gui"):
        for path in (ROOT / folder).rglob("*.py"):
            lines = len(path.read_text(encoding="utf-8").splitlines())
            assert lines <= 400, f"{path.relative_to(ROOT)} has {lines} lines; split it"
