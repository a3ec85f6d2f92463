"""Every user-visible string of the GUI has an Arabic translation, and the shipped .qm is
compiled from the shipped .ts."""

from __future__ import annotations

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TS = ROOT / "resources" / "translations" / "airlock_ar.ts"
BIN = Path(sys.executable).parent


def test_every_string_in_the_code_is_translated(tmp_path):
    ts = tmp_path / "airlock_ar.ts"
    shutil.copy(TS, ts)
    sources = sorted(str(p) for p in (ROOT / "gui").rglob("*.py"))
    result = subprocess.run(
        [str(BIN / "pyside6-lupdate"), *sources, "-ts", str(ts), "-no-obsolete"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    messages = list(ET.parse(ts).getroot().iter("message"))
    assert len(messages) > 200
    untranslated = [
        m.find("source").text for m in messages if m.find("translation").get("type") == "unfinished"
    ]
    assert untranslated == [], "run `make translations` and translate: " + repr(untranslated)


def test_shipped_qm_matches_the_ts(tmp_path):
    qm = tmp_path / "out.qm"
    subprocess.run(
        [str(BIN / "pyside6-lrelease"), str(TS), "-qm", str(qm)],
        check=True,
        capture_output=True,
        timeout=120,
    )
    assert qm.read_bytes() == (TS.with_suffix(".qm")).read_bytes()


def test_main_py_shows_the_login_window_offscreen():
    result = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "--probe-startup"],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        env={**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert result.returncode == 0 and "LOGIN_SHOWN" in result.stdout, result.stderr
    assert "heavy=none" in result.stdout  # pandas, scikit-learn... load only when needed


def test_metric_names_keep_apart_in_arabic():
    # issue 19: precision and accuracy were both "الدقة" (two identical fairness headers)
    names = [
        "Accuracy",
        "Precision",
        "Recall",
        "Precision–recall",
        "Balanced accuracy",
        "Selection rate",
        "True positive rate",
        "False positive rate",
    ]
    found: dict[str, str] = {}
    for message in ET.parse(TS).getroot().iter("message"):
        source = message.find("source").text
        if source in names:
            found.setdefault(source, message.find("translation").text)
    assert {"Accuracy", "Precision", "Recall"} <= set(found)
    assert len(set(found.values())) == len(found), found


def test_every_translate_call_names_its_context_and_text_literally():
    """lupdate reads only literal arguments: `translate(ctx, "…")` with a variable context
    was silently left out of the .ts, and the Models pane showed English in Arabic."""
    import ast

    found = []
    for path in (ROOT / "gui").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = (
                node.func.attr
                if isinstance(node.func, ast.Attribute)
                else getattr(node.func, "id", "")
            )
            if (
                name == "translate"
                and len(node.args) >= 2
                and not all(
                    isinstance(a, ast.Constant) and isinstance(a.value, str) for a in node.args[:2]
                )
            ):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert found == []
