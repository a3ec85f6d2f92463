"""Every `airlock …` command shown to users — in README.md, docs/*.md, and the hints and
messages of the engine and the GUI — parses with the real argument parser (issue 19: hints
named `airlock contract validate` and `airlock workspace check`, which do not exist, and
syntax the CLI rejects). Placeholder values (NAME@V, FILE) stand in for real ones, so a
value of the wrong type is not counted; an unknown command or option, or a missing required
argument, is."""

from __future__ import annotations

import argparse
import re
import shlex
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FENCE = re.compile(r"```[a-z]*\n(.*?)```", re.S)
INLINE = re.compile(r"`(airlock [^`]+)`")


SHELL = ("head", "less", "grep", "tee", "sort", "wc", "jq")


def documented() -> list[tuple[str, str, bool]]:
    """(where, command, full): full for a line of a code block (an example to type), not
    for a command named in a sentence (which may leave its arguments out)."""
    found: list[tuple[str, str, bool]] = []

    def add(where: str, command: str, full: bool) -> None:
        for part in re.split(r";\s+(?=airlock )", command):  # `a; airlock b`
            head, *alternatives = part.split(" | ")  # `airlock governance dpia | purge`
            found.append((where, head, full))
            prefix = head.split()[:-1]
            for alternative in alternatives:
                if alternative.split() and alternative.split()[0] not in SHELL:
                    found.append((where, " ".join(prefix + alternative.split()), full))

    for path in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]:
        text = path.read_text(encoding="utf-8")
        for block in FENCE.findall(text):
            for line in block.replace("\\\n", " ").splitlines():
                if line.strip().startswith("airlock "):
                    add(path.name, line.strip(), True)
        for command in INLINE.findall(text):
            add(path.name, command, False)
    for folder in ("engine", "gui"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            text = path.read_text(encoding="utf-8")
            # a message split over lines: "… `airlock model "\n  f"test …`" is one string
            text = re.sub(r"[\"']\s*\n\s*[rf]*[\"']", "", text)
            for command in INLINE.findall(text):
                add(str(path.relative_to(ROOT)), command, False)
    return found


def variants(command: str) -> list[list[str]]:
    """The command's words, once per alternative of a `a|b` word; [] if not a command."""
    command = command.split("  #")[0].split(" # ")[0]
    command = re.sub(r"\{[^}]*\}", "X", command)  # f-string parts: a value
    command = re.sub(r"(?<=\S)\[[^\]]*\]", "", command)  # NAME[@V]: an optional suffix
    command = command.replace("[", " ").replace("]", " ").replace("…", " ").replace("...", " ")
    try:
        words = shlex.split(command)[1:]
    except ValueError:
        return []
    for index, word in enumerate(words):
        if "|" in word and not word.startswith("-") and "=" not in word:
            return [[*words[:index], alt, *words[index + 1 :]] for alt in word.split("|")]
    return [words] if words else []


class Refused(Exception):
    pass


_PARSER: list[argparse.ArgumentParser] = []


def parses(words: list[str], full: bool) -> str | None:
    from engine.cli import build_parser

    if not _PARSER:
        _PARSER.append(build_parser())

    def error(self: argparse.ArgumentParser, message: str) -> None:
        raise Refused(message)

    original = argparse.ArgumentParser.error
    argparse.ArgumentParser.error = error  # type: ignore[method-assign]
    try:
        _PARSER[0].parse_args(words)
    except Refused as exc:
        message = str(exc)
        if "invalid" in message and ("value" in message or "argument --" in message):
            return None  # a placeholder where a number or a choice goes
        if not full and ("required" in message or "expected one argument" in message):
            return None  # a command named in a sentence, its arguments left out
        return message
    except SystemExit:  # --help
        return None
    finally:
        argparse.ArgumentParser.error = original  # type: ignore[method-assign]
    return None


CASES = documented()


def test_the_documents_show_commands():
    assert len(CASES) > 150


def test_every_documented_command_parses():
    problems = []
    for where, command, full in CASES:
        for words in variants(command):
            problem = parses(words, full)
            if problem is not None:
                problems.append(f"{where}: `{command}` → {problem}")
    assert problems == []


def test_a_secret_without_a_terminal_is_named_plainly(monkeypatch):
    # issue 19: read "Confirm with your password, ana is needed…"
    import io

    from engine.cli.common import prompt_secret
    from engine.errors import ValidationError

    monkeypatch.delenv("AIRLOCK_CONFIRM_PASSWORD", raising=False)
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    with pytest.raises(ValidationError) as refused:
        prompt_secret(
            "Confirm with your password, ana",
            "AIRLOCK_CONFIRM_PASSWORD",
            what="Your password, to sign the decision,",
        )
    assert refused.value.message == (
        "Your password, to sign the decision, is needed and there is no terminal to ask in."
    )
    assert "AIRLOCK_CONFIRM_PASSWORD_FILE" in refused.value.hint
