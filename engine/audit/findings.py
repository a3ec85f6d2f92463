"""What verifying an audit log reports: findings (each naming the seq or checkpoint and
the reason) and the report that gathers them; small helpers the checks share."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from .authority import KeyInfo, UserState
from .merkle import EMPTY_ROOT, Frontier


@dataclass(frozen=True)
class Finding:
    where: str  # "seq 12", "gap", "checkpoint latest", "bundle", ...
    message: str
    seq: int | None = None
    invalid: bool = True
    note: bool = False  # informational (adopted unsigned entries), neither error nor warning

    def line(self) -> str:
        level = "INVALID" if self.invalid else "note" if self.note else "warning"
        return f"{self.where}: {level}: {self.message}"


@dataclass(frozen=True)
class Unreadable:
    """A stored entry that could not even be parsed into the entry shape."""

    seq: int | None
    reason: str
    stored_hash: str | None = None


@dataclass
class Report:
    findings: list[Finding] = field(default_factory=list)
    entries_checked: int = 0
    entries_invalid: int = 0
    checkpoints_checked: int = 0
    checkpoints_invalid: int = 0
    log_id: str | None = None
    log_key: KeyInfo | None = None
    keys: list[KeyInfo] = field(default_factory=list)
    users: dict[str, UserState] = field(default_factory=dict)  # as the log establishes them
    tree_size: int = 0
    root: bytes = EMPTY_ROOT
    leaf_hashes: list[bytes] = field(default_factory=list)  # in seq order

    @property
    def ok(self) -> bool:
        return not any(f.invalid for f in self.findings)

    def add(self, finding: Finding) -> None:
        self.findings.append(finding)

    def summary(self) -> str:
        valid_entries = self.entries_checked - self.entries_invalid
        valid_cps = self.checkpoints_checked - self.checkpoints_invalid
        other = sum(
            1
            for f in self.findings
            if f.invalid and f.where in ("gap", "bundle", "keys", "trusted checkpoint")
        )
        warnings = sum(1 for f in self.findings if not f.invalid and not f.note)
        notes = sum(1 for f in self.findings if f.note)
        text = (
            f"Entries: {self.entries_checked} checked, {valid_entries} valid, "
            f"{self.entries_invalid} INVALID. Checkpoints: {self.checkpoints_checked} "
            f"checked, {valid_cps} valid, {self.checkpoints_invalid} INVALID."
        )
        if other:
            text += f" Other problems: {other}."
        if warnings:
            text += f" Warnings: {warnings}."
        if notes:
            text += f" Notes: {notes}."
        return text + (" Result: VALID" if self.ok else " Result: INVALID")


def seq_range(first: int, last: int) -> str:
    return f"seq {first}" if first == last else f"seq {first}..{last}"


def span(delta: Any) -> str:
    seconds = int(delta.total_seconds())
    for unit, size in (("days", 86400), ("hours", 3600), ("minutes", 60)):
        if seconds >= 2 * size:
            return f"{seconds // size} {unit}"
    return f"{seconds} seconds"


def prefix_roots(leaves: list[bytes], sizes: Iterable[int]) -> dict[int, bytes]:
    """Roots of the first s leaves for every s in `sizes` (each <= len(leaves) or skipped)."""
    wanted = sorted(s for s in set(sizes) if 0 <= s <= len(leaves))
    frontier = Frontier()
    roots: dict[int, bytes] = {}
    index = 0
    for size in wanted:
        while frontier.size < size:
            frontier.append(leaves[index])
            index += 1
        roots[size] = frontier.root()
    return roots
