"""Verification of an audit log: chain, hashes, signatures, authority, prunes, checkpoints.

Like `aws cloudtrail validate-logs`, it never stops at the first problem: every invalid
item becomes one Finding naming the seq (or checkpoint) and the reason. Entries are fed in
stored order; the authority of each signer is replayed from the entries before it
(authority.py). docs/audit-format.md §7 is the algorithm.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from .authority import TIME_SKEW, Authority, KeyInfo, UserState, never_pruned
from .merkle import EMPTY_ROOT, Frontier, consistency_proof, leaf_hash, verify_consistency
from .notes import Checkpoint, parse_checkpoint, verify_note
from .record import (
    GENESIS_PREV,
    EntryBytes,
    check_shape,
    is_hash_hex,
    parse_time,
    signature_input,
    unb64,
    v1_header_line,
    verify_ed25519,
)

_ZERO_LEAF = leaf_hash(bytes(32))


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


class LogVerifier:
    """Feed entries in stored order, then checkpoints; `finish()` returns the Report."""

    def __init__(self) -> None:
        self.report = Report()
        self.authority = Authority()
        self._seen: set[int] = set()
        self._max_seq = 0
        self._prev_hash: str | None = None
        self._prev_seq: int | None = None
        self._prev_time: tuple[int, datetime] | None = None
        self._leaves: dict[int, bytes] = {}
        self._entry_bad = False
        self._parts: EntryBytes | None = None
        self._checkpoints: list[tuple[str, Checkpoint]] = []
        self._trusted: list[Checkpoint] = []
        self._unknown_keys: list[tuple[int, str]] = []  # (finding index, key id)
        self._pruned: list[tuple[int, datetime]] = []  # (seq, time) of pruned entries
        self._unsigned: list[int] = []  # the run of unsigned entries not yet adopted
        self._last_signed = 0
        self._version = 0  # the highest format seen so far
        self._v2_from: int | None = None
        self._v1_count = 0
        self._v1_digest = hashlib.sha256()

    # -- entries ---------------------------------------------------------------------------
    def _bad(self, seq: int | None, message: str, where: str | None = None) -> None:
        self.report.add(
            Finding(where or (f"seq {seq}" if seq is not None else "entry"), message, seq)
        )
        self._entry_bad = True

    def add_entry(
        self,
        entry: dict[str, Any] | Unreadable,
        problems: Iterable[str] = (),
        parts: EntryBytes | None = None,
    ) -> None:
        """Check the next stored entry; `problems` are ones the reader found in its bytes,
        `parts` its members' canonical bytes if the reader already made them."""
        self.report.entries_checked += 1
        self._entry_bad = False
        seq = entry.get("seq") if isinstance(entry, dict) else entry.seq
        for problem in problems:
            self._bad(seq if type(seq) is int else None, problem)
        self._parts = parts if parts is not None and parts.entry is entry else None
        stored_hash, seq = self._check_entry(entry)
        if self._entry_bad:
            self.report.entries_invalid += 1
        if seq is not None and seq not in self._leaves:
            # An unreadable hash still takes its seq's place in the tree, so the checkpoint
            # comparison reports it instead of shifting every later leaf.
            digest = bytes.fromhex(str(stored_hash)) if is_hash_hex(stored_hash) else bytes(32)
            self._leaves[seq] = leaf_hash(digest)
        self._prev_hash = stored_hash if is_hash_hex(stored_hash) else None
        self._prev_seq = seq

    def _check_entry(self, entry: dict[str, Any] | Unreadable) -> tuple[str | None, int | None]:
        """Check one entry; return its stored hash and seq (either may be unknown)."""
        if isinstance(entry, Unreadable):
            self._bad(entry.seq, entry.reason, None if entry.seq is not None else "entry")
            self._note_order(entry.seq)
            return entry.stored_hash, entry.seq
        seq = entry.get("seq") if isinstance(entry, dict) else None
        seq = seq if type(seq) is int else None
        shape_problem = check_shape(entry)
        if shape_problem:
            self._bad(seq, f"entry {shape_problem}")
            self._note_order(seq)
            return (entry.get("hash") if isinstance(entry, dict) else None), seq
        assert seq is not None
        self._note_order(seq)
        self._check_version(entry, seq)
        self._check_log_id(entry, seq)
        self._check_time(entry, seq)
        self._check_hash(entry, seq)
        self._check_prev(entry, seq)
        if entry["v"] == 1:
            self._v1_count += 1
            self._v1_digest.update(v1_header_line(entry))
        if seq == 1:
            self._check_genesis(entry)
        signer = self._check_signature(entry, seq)
        self._check_authority(entry, seq, signer)
        if entry["v"] == 2 and self._v2_from == seq and seq != 1:
            self._check_boundary(entry, seq, signer)
        if "pruned" in entry:
            self._check_pruned(entry, seq)
        elif signer is not None and not self._entry_bad and seq != 1:
            self.authority.apply(entry)
        return entry["hash"], seq

    def _check_version(self, entry: dict[str, Any], seq: int) -> None:
        version = entry["v"]
        if version < self._version:
            self._bad(
                seq,
                f"is in format {version}, but format {self._version} began at seq "
                f"{self._v2_from}: a log never goes back to an older format",
            )
        elif version > self._version:
            if version == 2:
                self._v2_from = seq
            self._version = version

    def _check_boundary(self, entry: dict[str, Any], seq: int, signer: KeyInfo | None) -> None:
        """The first format-2 entry after format-1 ones (docs/audit-format.md §9)."""
        details = entry.get("details", {})
        expected = {"entries": self._v1_count, "sha256": self._v1_digest.hexdigest()}
        if (
            entry["action"] != "workspace.upgrade"
            or "pruned" in entry
            or details.get("audit_format") != 2
            or signer is None
            or signer.purpose != "user"
        ):
            self._bad(
                seq,
                "format 2 begins here, but not with an administrator's "
                "workspace.upgrade entry that declares audit_format 2",
            )
        elif details.get("v1_headers") != expected:
            self._bad(
                seq,
                "the v1_headers digest does not match the format-1 entries before "
                "it: the time or actor of a format-1 entry was changed",
            )

    def _check_log_id(self, entry: dict[str, Any], seq: int) -> None:
        if self.report.log_id is None:
            self.report.log_id = entry["log_id"]
        elif entry["log_id"] != self.report.log_id:
            self._bad(seq, f"belongs to another log ({entry['log_id']})")

    def _check_time(self, entry: dict[str, Any], seq: int) -> None:
        moment = parse_time(entry["time"])
        if self._prev_time is not None:
            before_seq, before = self._prev_time
            if moment < before - TIME_SKEW:
                self._bad(
                    seq,
                    f"is dated {entry['time']}, {_span(before - moment)} before seq "
                    f"{before_seq}: entries may not go back in time by more than "
                    "5 minutes (a forged time, or a wrong clock)",
                )
        self._prev_time = (seq, moment)

    def _check_hash(self, entry: dict[str, Any], seq: int) -> None:
        version, pruned = entry["v"], "pruned" in entry
        parts = self._parts or EntryBytes(entry)
        try:
            if version == 2 and not pruned and parts.content_digest() != entry["content"]:
                self._bad(seq, "content digest doesn't match (its target or details were modified)")
            if (version == 2 or not pruned) and parts.entry_hash() != entry["hash"]:
                self._bad(seq, "hash value doesn't match (the entry was modified)")
        except ValueError as exc:
            self._bad(seq, f"cannot be canonicalised: {exc}")
        if version == 2:
            unsigned = entry["sig"] is None
            if ("unsigned" in entry["flags"]) != unsigned:
                self._bad(seq, "its 'unsigned' flag does not match its signature")
            if not pruned:
                details = entry["details"]
                keys = bool(details.get("keys_added") or details.get("keys_retired"))
                if ("keys" in entry["flags"]) != keys:
                    self._bad(seq, "its 'keys' flag does not match its details")

    def _check_prev(self, entry: dict[str, Any], seq: int) -> None:
        expected: str | None = GENESIS_PREV
        before = "the start of the log"
        if self._prev_seq is not None:
            expected, before = self._prev_hash, f"seq {self._prev_seq}"
        if expected is not None and entry["prev"] != expected:
            self._bad(
                seq,
                f"prev doesn't match the hash of {before}: an entry was removed, "
                "inserted or reordered",
            )

    def _note_order(self, seq: int | None) -> None:
        if seq is None:
            return
        if seq in self._seen:
            self._bad(seq, f"duplicate: an entry with seq {seq} appears earlier")
        elif seq < self._max_seq:
            self._bad(seq, f"out of order: stored after seq {self._max_seq}")
        self._seen.add(seq)
        self._max_seq = max(self._max_seq, seq)

    def _check_genesis(self, entry: dict[str, Any]) -> None:
        if "pruned" in entry:
            self._bad(1, "the first entry (workspace.init) may not be pruned")
            return
        for problem in self.authority.genesis(entry):
            self._bad(1, problem)
        self.report.log_key = self.authority.log_key

    def _check_signature(self, entry: dict[str, Any], seq: int) -> KeyInfo | None:
        """The key that signed `entry`, or None (unsigned, or a problem was reported)."""
        actor = entry["actor"]
        if entry["sig"] is None:
            return None
        candidates = self.authority.keys.get(str(actor["key_id"]), [])
        if not candidates:
            self._bad(seq, f"signed by unknown key {actor['key_id']}")
            self._unknown_keys.append((len(self.report.findings) - 1, str(actor["key_id"])))
            return None
        current = [k for k in candidates if k.valid_at(seq)]
        if not current:
            ranges = ", ".join(f"{k.valid_from}..{k.valid_to or 'now'}" for k in candidates)
            self._bad(
                seq,
                f"signed by key {actor['key_id']}, which is not valid at this seq (valid {ranges})",
            )
            return None
        try:
            signature = unb64(entry["sig"])
            message = signature_input(entry["hash"], entry["v"])
        except ValueError:
            self._bad(seq, "signature is not valid base64")
            return None
        for key in current:
            if verify_ed25519(key.public_key, signature, message):
                if key.purpose == "user" and key.user_id != actor["user_id"]:
                    self._bad(
                        seq,
                        f"signed with the key of {key.user_id}, not of the actor "
                        f"{actor['user_id']}",
                    )
                    return None
                return key
        self._bad(
            seq, "signature verification failed" + (" (pruned entry)" if "pruned" in entry else "")
        )
        return None

    def _check_authority(self, entry: dict[str, Any], seq: int, signer: KeyInfo | None) -> None:
        """Who signed, as whom and for what (§4); adoption of unsigned entries (§3)."""
        if entry["sig"] is None:
            for problem in self.authority.check_unsigned(entry):
                self._bad(seq, problem)
            if entry["v"] == 2 and entry["adopts"] != 0:
                self._bad(seq, "an unsigned entry adopts nothing (its adopts must be 0)")
            self._unsigned.append(seq)
            return
        if signer is None:
            self._unsigned.clear()
            return
        if seq != 1:
            problems = self.authority.check_actor(entry, signer)
            if not problems and "pruned" not in entry:
                problems = self.authority.check_content(entry, signer)
            for problem in problems:
                self._bad(seq, problem)
        if entry["v"] == 2 and entry["adopts"] != len(self._unsigned):
            self._bad(
                seq,
                f"says it adopts {entry['adopts']} unsigned entries, but "
                f"{len(self._unsigned)} come directly before it",
            )
        if self._unsigned:
            first, last = self._unsigned[0], self._unsigned[-1]
            count = len(self._unsigned)
            self.report.add(
                Finding(
                    seq_range(first, last),
                    f"{count} unsigned failed-login entr{'y' if count == 1 else 'ies'}, adopted by "
                    f"seq {seq}: nobody signed their content (anyone who could write the database "
                    "could have added them)",
                    None,
                    invalid=False,
                    note=True,
                )
            )
            self._unsigned.clear()
        self._last_signed = max(self._last_signed, seq)

    def _check_pruned(self, entry: dict[str, Any], seq: int) -> None:
        if entry["v"] == 2 and (never_pruned(entry["action"]) or "keys" in entry["flags"]):
            self._bad(
                seq,
                f"a {entry['action']} entry is pruned, but entries that change "
                "users, roles, keys or settings are never pruned",
            )
        self._pruned.append((seq, parse_time(entry["time"])))

    # -- checkpoints -----------------------------------------------------------------------
    def add_checkpoint(self, label: str, text: str) -> None:
        report = self.report
        report.checkpoints_checked += 1
        checkpoint, problem = self._signed_by_log(text)
        if problem or checkpoint is None:
            report.checkpoints_invalid += 1
            report.add(Finding(f"checkpoint {label}", problem or "unreadable"))
            return
        self._checkpoints.append((label, checkpoint))

    def _signed_by_log(self, text: str) -> tuple[Checkpoint | None, str | None]:
        """The parsed checkpoint, or why it does not count."""
        try:
            checkpoint = parse_checkpoint(text)
        except ValueError as exc:
            return None, f"unreadable: {exc}"
        return checkpoint, self._check_signed_by_log(text, checkpoint)

    def _check_signed_by_log(self, text: str, checkpoint: Checkpoint) -> str | None:
        log_key = self.report.log_key
        if log_key is None:
            return "cannot be checked: the log introduces no log key"
        if checkpoint.origin != log_key.name:
            return f"is for another log ({checkpoint.origin})"
        try:
            verify_note(text, log_key.name, log_key.public_key)
        except ValueError as exc:
            return str(exc)
        return None

    def add_trusted_checkpoint(self, text: str) -> None:
        """A checkpoint the auditor kept off the machine: the log must extend it."""
        checkpoint, problem = self._signed_by_log(text)
        if problem or checkpoint is None:
            self.report.add(Finding("trusted checkpoint", f"rejected: {problem}"))
            return
        self._trusted.append(checkpoint)

    # -- the end ---------------------------------------------------------------------------
    def finish(self) -> Report:
        report = self.report
        report.keys = list(self.authority.introduced)
        report.users = dict(self.authority.users)
        self._report_gaps()
        self._explain_late_keys()
        self._check_prune_coverage()
        size = self._max_seq
        leaves = [self._leaves.get(s, _ZERO_LEAF) for s in range(1, size + 1)]
        report.leaf_hashes = leaves
        report.tree_size = size
        sizes = sorted(
            {c.size for _, c in self._checkpoints} | {c.size for c in self._trusted} | {size}
        )
        roots = _prefix_roots(leaves, sizes)
        report.root = roots[size]
        covered = 0
        by_size: dict[int, tuple[str, bytes]] = {}
        for label, cp in self._checkpoints:
            problem = None
            if cp.size > size:
                problem = (
                    f"covers {cp.size} entries but the log ends at seq {size}: entries "
                    f"{size + 1}..{cp.size} were removed (truncation)"
                )
            elif roots[cp.size] != cp.root:
                problem = (
                    f"root does not match the first {cp.size} entries: entries it covers "
                    "were changed, removed or reordered"
                )
            elif cp.size in by_size and by_size[cp.size][1] != cp.root:
                problem = f"equivocation: differs from checkpoint {by_size[cp.size][0]}"
            if problem:
                report.checkpoints_invalid += 1
                report.add(Finding(f"checkpoint {label}", problem))
                continue
            by_size[cp.size] = (label, cp.root)
            covered = max(covered, cp.size)
        self._check_coverage(covered, size)
        for trusted in self._trusted:
            self._check_trusted(trusted, leaves, roots)
        return report

    def _check_coverage(self, covered: int, size: int) -> None:
        report = self.report
        if size and report.checkpoints_checked == 0:
            report.add(Finding("checkpoints", "no signed checkpoint was found for this log"))
            return
        if self._last_signed > covered and report.checkpoints_checked:
            report.add(
                Finding(
                    seq_range(covered + 1, self._last_signed),
                    f"signed entries after the latest valid checkpoint (it covers {covered}): "
                    "the workspace writes a checkpoint with every signed entry, so these were "
                    "added behind its back or the checkpoint was rolled back",
                    covered + 1,
                )
            )
        if self._unsigned:
            first, last = self._unsigned[0], self._unsigned[-1]
            report.add(
                Finding(
                    "torn tail",
                    (
                        f"{seq_range(first, last)}: unsigned failed-login entries at the end "
                        "of the log, not yet adopted by a signed entry"
                        + ("" if first <= covered else " nor covered by a signed checkpoint")
                        + "; anyone who could write the database could have added or removed them"
                    ),
                    invalid=False,
                )
            )

    def _check_prune_coverage(self) -> None:
        prunes = self.authority.prunes
        for seq, moment in self._pruned:
            covering = [p for p in prunes if p.seq > seq and p.through >= seq]
            if not covering:
                message = (
                    "is pruned, but no later audit.prune entry of an administrator "
                    "covers it (its content was removed)"
                )
            elif not any(moment < p.before for p in covering):
                cut = ", ".join(f"seq {p.seq}" for p in covering)
                message = (
                    f"is pruned, but it was written after the cut-off of the prune at "
                    f"{cut}: it was inside the retention period"
                )
            else:
                continue
            self.report.entries_invalid += 1
            self.report.add(Finding(f"seq {seq}", message, seq))

    def _explain_late_keys(self) -> None:
        """A key unknown at an entry but introduced later signed an entry before its time
        (an old entry re-signed with a newer key)."""
        for index, key in self._unknown_keys:
            if key in self.authority.keys:
                old = self.report.findings[index]
                start = min(k.valid_from for k in self.authority.keys[key])
                self.report.findings[index] = Finding(
                    old.where,
                    f"signed by key {key}, which is not valid at this seq (it was "
                    f"introduced at seq {start})",
                    old.seq,
                )

    def _report_gaps(self) -> None:
        if not self._seen:
            return
        missing_from = None
        for seq in range(1, self._max_seq + 2):
            present = seq in self._seen or seq > self._max_seq
            if not present and missing_from is None:
                missing_from = seq
            elif present and missing_from is not None:
                last = seq - 1
                names = (
                    f"entry {missing_from}"
                    if last == missing_from
                    else (f"entries {missing_from}..{last}")
                )
                self.report.add(
                    Finding(
                        "gap",
                        f"seq {missing_from - 1} \u2192 {seq}: {names} not found",
                        seq=missing_from,
                    )
                )
                missing_from = None

    def _check_trusted(
        self, trusted: Checkpoint, leaves: list[bytes], roots: dict[int, bytes]
    ) -> None:
        n = len(leaves)
        where = "trusted checkpoint"
        if trusted.size > n:
            self.report.add(
                Finding(
                    where,
                    (
                        f"the log holds {n} entries but the trusted checkpoint of "
                        f"{trusted.time} holds {trusted.size}: the log was truncated or "
                        "restored from an older copy"
                    ),
                )
            )
            return
        proof = consistency_proof(trusted.size, leaves)
        if not verify_consistency(trusted.size, n, trusted.root, roots[n], proof):
            self.report.add(
                Finding(
                    where,
                    (
                        f"the log is not an extension of the trusted checkpoint of "
                        f"{trusted.time} (size {trusted.size}): entries it covers were changed "
                        "or the log was replaced"
                    ),
                )
            )


def _span(delta: Any) -> str:
    seconds = int(delta.total_seconds())
    for unit, size in (("days", 86400), ("hours", 3600), ("minutes", 60)):
        if seconds >= 2 * size:
            return f"{seconds // size} {unit}"
    return f"{seconds} seconds"


def _prefix_roots(leaves: list[bytes], sizes: Iterable[int]) -> dict[int, bytes]:
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
