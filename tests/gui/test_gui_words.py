"""No command-line syntax reaches the desktop app: every `airlock …` command and --option in
the engine's messages and hints is said as the button or field to use (issue 20)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from engine.errors import ValidationError
from gui.errors import engine_text, gui_words

ROOT = Path(__file__).resolve().parents[2]
CLI_SYNTAX = re.compile(r"`airlock|(?<![\w-])--[a-z]")


def engine_strings() -> list[str]:
    """Every string constant of the engine outside the CLI that names a command or option
    (f-string parts included)."""
    found = []
    for path in (ROOT / "engine").rglob("*.py"):
        if "cli" in path.parts or path.name == "__main__.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        parts = {id(v) for n in ast.walk(tree) if isinstance(n, ast.JoinedStr) for v in n.values}
        for node in ast.walk(tree):
            if isinstance(node, ast.JoinedStr):  # f"… `airlock model show {name}` …"
                text = "".join(
                    v.value if isinstance(v, ast.Constant) else "credit@1" for v in node.values
                )
            elif (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and id(node) not in parts
            ):
                text = node.value
            else:
                continue
            if CLI_SYNTAX.search(text):
                found.append(text)
    return found


def test_every_engine_hint_is_said_in_gui_words():
    strings = engine_strings()
    assert len(strings) > 40  # the scan finds them (it would pass vacuously otherwise)
    left = [(s, gui_words(s)) for s in strings if CLI_SYNTAX.search(gui_words(s))]
    assert left == []


def test_commands_and_options_name_the_place_in_the_app():
    assert gui_words("Run `airlock audit verify` first.") == "Run Audit log › Verify first."
    assert (
        gui_words("Tag them (`airlock data tag DATASET COLUMN --as sensitive`).")
        == "Tag them (Data › Privacy (Tag sensitive))."
    )
    assert (
        gui_words("needs the group column (--group COLUMN).")
        == "needs the group column (the Group column field)."
    )
    assert "--" not in engine_text(
        ValidationError("Bad.", hint="Pass --force to run it again anyway.")
    )


def test_compliance_evidence_names_the_view_not_the_command():
    """Each piece of compliance evidence names the command that prints it; the Compliance
    tab names the place in the app instead (found looking at the dark screenshots)."""
    from gui.views.governance_compliance import where

    source = "".join(
        (ROOT / "engine" / "governance" / f"checks_{part}.py").read_text(encoding="utf-8")
        for part in ("security", "models", "data")
    )
    sees = set(re.findall(r'"(airlock [a-z]+(?: [a-z-]+)?)', source))
    assert len(sees) >= 10
    for see in sees:
        assert "airlock" not in where(see) and "matching view" not in where(see), see
    assert where("airlock governance card credit@1") == "Governance › Model card (credit@1)"
    assert where("airlock model gates credit@1 --stage production") == "Models › Gates (credit@1)"
