"""The example notebook (examples/notebook.ipynb), executed cell by cell on a copy of the
demo workspace as a kernel would: it ends with an approved, scored model whose audit trail
verifies. Each cell's last expression is shown as a notebook shows it (its HTML)."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest

NOTEBOOK = Path(__file__).resolve().parents[2] / "examples" / "notebook.ipynb"

pytestmark = pytest.mark.real_clock


def run_cells(path: Path, namespace: dict) -> list[str]:
    """Execute the code cells in order; return the HTML of each cell's last expression."""
    shown = []
    for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
        if cell["cell_type"] != "code":
            continue
        tree = ast.parse("".join(cell["source"]))
        last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
        exec(compile(tree, str(path), "exec"), namespace)
        if last is not None:
            value = eval(compile(ast.Expression(last.value), str(path), "eval"), namespace)
            html = getattr(value, "_repr_html_", None)
            shown.append(html() if html else repr(value))
    return shown


@pytest.mark.slow
def test_the_example_notebook_ends_with_an_approved_scored_model(demo_copy, tmp_path, monkeypatch):
    import airlock

    folder = demo_copy(tmp_path / "demo")
    monkeypatch.setenv("AIRLOCK_WORKSPACE", str(folder))
    monkeypatch.setenv("AIRLOCK_USER", "analyst")
    monkeypatch.setenv("AIRLOCK_PASSWORD", "demo analyst password")
    monkeypatch.setenv("VALIDATOR_PASSWORD", "demo validator password")
    shown = run_cells(NOTEBOOK, {"__name__": "__main__"})
    assert any("Run notebook#1" in page for page in shown)
    assert any("Comparison" in page and "baseline#4" in page for page in shown)
    assert "'production'" in shown
    with airlock.open(
        folder, user="auditor", password="demo auditor password", project="retail credit default"
    ) as auditor:
        version = auditor.model("credit_notebook@1")
        assert version.stage == "production"
        assert auditor.verify_audit().ok
        scored = [
            e for e in auditor.engine.audit.entries(auditor.actor) if e.action == "registry.score"
        ]
        assert scored
