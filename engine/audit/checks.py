"""Verification of an audit log: chain, hashes, signatures, keys, checkpoints, proofs.

Like `aws cloudtrail validate-logs`, it never stops at the first problem: every invalid
item becomes one Finding with the seq (or checkpoint) and the reason.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from .merkle import EMPTY_ROOT, Frontier, consistency_proof, leaf_hash, verify_consistency
from .notes import Checkpoint, parse_checkpoint, verify_note
from .record import (
    GENESIS_PREV,
    KEY_PURPOSES,
    PURPOSE_ACTIONS,
    UNSIGNED_ACTIONS,
    b64,
    check_pruned_shape,
    check_shape,
    entry_hash,
    is_hash_hex,
    key_id,
    signature_input,
    unb64,
    verify_ed25519,
)


@dataclass(frozen=True)
class Finding:
    where: str  # "seq 12", "gap", "checkpoint latest", "bundle", ...
    message: str
    seq: int | None = None
    invalid: bool = True

    def line(self) -> str:
        level = "INVALID" if self.invalid else "warning"
        return f"{self.where}: {level}: {self.message}"


@dataclass
class KeyInfo:
    key_id: str
    name: str
    purpose: str
    user_id: str | None
    public_key: bytes
    valid_from: int
    valid_to: int | None = None  # inclusive; None while the key is current

    def valid_at(self, seq: int) -> bool:
        return self.valid_from <= seq and (self.valid_to is None or seq <= self.valid_to)

    def as_json(self) -> dict[str, Any]:
        return {
            "key_id": self.key_id, "name": self.name, "purpose": self.purpose,
            "user_id": self.user_id, "algorithm": "ed25519",
            "public_key": b64(self.public_key),
            "valid_from_seq": self.valid_from, "valid_to_seq": self.valid_to,
        }


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
    tree_size: int = 0
    root: bytes = EMPTY_ROOT
    leaf_hashes: list[bytes] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not any(f.invalid for f in self.findings)

    def add(self, finding: Finding) -> None:
        self.findings.append(finding)

    def summary(self) -> str:
        valid_entries = self.entries_checked - self.entries_invalid
        valid_cps = self.checkpoints_checked - self.checkpoints_invalid
        other = sum(1 for f in self.findings if f.invalid and f.where in ("gap", "bundle", "keys",
                                                                            "trusted checkpoint"))
        warnings = sum(1 for f in self.findings if not f.invalid)
        text = (f"Entries: {self.entries_checked} checked, {valid_entries} valid, "
                f"{self.entries_invalid} INVALID. Checkpoints: {self.checkpoints_checked} "
                f"checked, {valid_cps} valid, {self.checkpoints_invalid} INVALID.")
        if other:
            text += f" Other problems: {other}."
        if warnings:
            text += f" Warnings: {warnings}."
        return text + (" Result: VALID" if self.ok else " Result: INVALID")


class LogVerifier:
    """Feed entries in stored order, then checkpoints; `finish()` returns the Report."""

    def __init__(self) -> None:
        self.report = Report()
        self._keys: dict[str, list[KeyInfo]] = {}
        self._seen: set[int] = set()
        self._max_seq = 0
        self._prev_hash: str | None = None
        self._prev_seq: int | None = None
        self._bad_seqs: set[int] = set()
        self._checkpoints: list[tuple[str, Checkpoint]] = []
        self._trusted: list[Checkpoint] = []
        self._unknown_keys: list[tuple[int, str]] = []  # (finding index, key id)
        self._pruned: list[int] = []  # seqs of pruned entries
        self._declared: list[tuple[int, int]] = []  # (seq of an audit.prune, through seq)

    # -- entries ---------------------------------------------------------------------------
    def _bad(self, seq: int | None, message: str, position: int) -> None:
        where = f"seq {seq}" if seq is not None else f"entry #{position + 1}"
        self.report.add(Finding(where, message, seq))
        self._bad_seqs.add(position)

    def add_entry(self, entry: dict[str, Any] | Unreadable) -> None:
        position = self.report.entries_checked
        self.report.entries_checked += 1
        stored_hash, seq = self._check_entry(entry, position)
        if position in self._bad_seqs:
            self.report.entries_invalid += 1
        self._append_leaf(stored_hash if is_hash_hex(stored_hash) else None, seq)

    def _check_entry(self, entry: dict[str, Any] | Unreadable,
                     position: int) -> tuple[str | None, int | None]:
        """Check one entry; return its stored hash and seq (either may be unknown)."""
        if isinstance(entry, Unreadable):
            self._bad(entry.seq, entry.reason, position)
            self._note_order(entry.seq, position)
            return entry.stored_hash, entry.seq
        seq = entry.get("seq") if isinstance(entry, dict) else None
        seq = seq if type(seq) is int else None
        if isinstance(entry, dict) and entry.get("pruned") is True:
            return self._check_pruned(entry, seq, position)
        shape_problem = check_shape(entry)
        if shape_problem:
            self._bad(seq, f"entry {shape_problem}", position)
            self._note_order(seq, position)
            return (entry.get("hash") if isinstance(entry, dict) else None), seq
        assert seq is not None
        self._note_order(seq, position)
        self._check_log_id(entry, seq, position)
        try:
            if entry_hash(entry) != entry["hash"]:
                self._bad(seq, "hash value doesn't match (the entry was modified)", position)
        except ValueError as exc:
            self._bad(seq, f"cannot be canonicalised: {exc}", position)
        self._check_prev(entry, seq, position)
        if position == 0:
            self._load_genesis_keys(entry, seq)
        signed_ok = self._check_signature(entry, seq, position)
        if signed_ok and position not in self._bad_seqs and position != 0:
            self._apply_key_changes(entry, seq, position)
            self._note_prune(entry, seq)
        return entry["hash"], seq

    def _check_pruned(self, entry: dict[str, Any], seq: int | None,
                      position: int) -> tuple[str | None, int | None]:
        """A pruned entry: its body is gone, so its hash cannot be recomputed; it is held by
        the chain (the next entry's prev), the Merkle tree of the signed checkpoints, its
        own signature over the hash, and a later administrator's audit.prune entry that
        covers its seq (checked in finish)."""
        problem = check_pruned_shape(entry)
        if problem:
            self._bad(seq, f"pruned entry {problem}", position)
            self._note_order(seq, position)
            return (entry.get("hash") if is_hash_hex(entry.get("hash")) else None), seq
        assert seq is not None
        self._note_order(seq, position)
        self._check_log_id(entry, seq, position)
        self._check_prev(entry, seq, position)
        if position == 0:
            self._bad(seq, "the first entry (workspace.init) may not be pruned", 0)
        actor = entry["actor"]
        if entry["sig"] is None:
            if actor["key_id"] is not None:
                self._bad(seq, "signature missing", position)
        else:
            current = [k for k in self._keys.get(str(actor["key_id"]), [])
                       if k.valid_at(seq) and k.purpose == "user"
                       and k.user_id == actor["user_id"]]
            try:
                signature, message = unb64(entry["sig"]), signature_input(entry["hash"])
            except ValueError:
                current, signature, message = [], b"", b""
            if not any(verify_ed25519(k.public_key, signature, message) for k in current):
                self._bad(seq, "signature verification failed (pruned entry)", position)
        self._pruned.append(seq)
        return entry["hash"], seq

    def _note_prune(self, entry: dict[str, Any], seq: int) -> None:
        """An administrator's valid audit.prune entry declares what it pruned."""
        if entry["action"] != "audit.prune" or entry["actor"]["role"] != "admin":
            return
        through = entry["details"].get("through_seq")
        if type(through) is int and 0 < through < seq:
            self._declared.append((seq, through))

    def _check_log_id(self, entry: dict[str, Any], seq: int, position: int) -> None:
        if self.report.log_id is None:
            self.report.log_id = entry["log_id"]
        elif entry["log_id"] != self.report.log_id:
            self._bad(seq, f"belongs to another log ({entry['log_id']})", position)

    def _check_prev(self, entry: dict[str, Any], seq: int, position: int) -> None:
        expected_prev = GENESIS_PREV if self._prev_seq is None else self._prev_hash
        if expected_prev is not None and entry["prev"] != expected_prev:
            before = "the start of the log" if self._prev_seq is None else f"seq {self._prev_seq}"
            self._bad(seq, f"prev doesn't match the hash of {before}: an entry was removed, "
                           "inserted or reordered", position)

    def _note_order(self, seq: int | None, position: int) -> None:
        if seq is None:
            return
        if seq in self._seen:
            self._bad(seq, f"duplicate: an entry with seq {seq} appears earlier", position)
        elif seq < self._max_seq:
            self._bad(seq, f"out of order: stored after seq {self._max_seq}", position)
        self._seen.add(seq)
        self._max_seq = max(self._max_seq, seq)

    def _append_leaf(self, stored_hash: str | None, seq: int | None) -> None:
        # An unreadable hash still takes its place in the tree, so that the checkpoint
        # comparison reports it instead of shifting every later leaf.
        digest = bytes.fromhex(stored_hash) if stored_hash else bytes(32)
        self.report.leaf_hashes.append(leaf_hash(digest))
        self._prev_hash = stored_hash
        self._prev_seq = seq

    def _load_genesis_keys(self, entry: dict[str, Any], seq: int) -> None:
        if entry["action"] != "workspace.init" or seq != 1:
            self._bad(seq, "the first entry is not workspace.init with seq 1", 0)
            return
        self._apply_key_changes(entry, 1, 0)

    def _apply_key_changes(self, entry: dict[str, Any], seq: int, position: int) -> None:
        details = entry["details"]
        for item in details.get("keys_added", []) or []:
            try:
                info = KeyInfo(item["key_id"], item["name"], item["purpose"], item["user_id"],
                               unb64(item["public_key"]), valid_from=seq)
            except (KeyError, TypeError, ValueError):
                self._bad(seq, "introduces a malformed key", position)
                continue
            if info.purpose not in KEY_PURPOSES or len(info.public_key) != 32:
                self._bad(seq, f"introduces key {info.key_id} of unknown kind", position)
                continue
            if key_id(info.name, info.public_key) != info.key_id:
                self._bad(seq, f"introduces key {info.key_id} whose id does not match it",
                          position)
                continue
            self._keys.setdefault(info.key_id, []).append(info)
            self.report.keys.append(info)
            if info.purpose == "log":
                if self.report.log_key is not None:
                    self._bad(seq, "introduces a second log key", position)
                else:
                    self.report.log_key = info
        for retired in details.get("keys_retired", []) or []:
            for info in self._keys.get(str(retired), []):
                if info.valid_to is None:
                    info.valid_to = seq

    def _check_signature(self, entry: dict[str, Any], seq: int, position: int) -> bool:
        actor, action = entry["actor"], entry["action"]
        if entry["sig"] is None:
            if action in UNSIGNED_ACTIONS and actor["key_id"] is None:
                return True
            self._bad(seq, "signature missing", position)
            return False
        candidates = self._keys.get(str(actor["key_id"]), [])
        if not candidates:
            self._bad(seq, f"signed by unknown key {actor['key_id']}", position)
            self._unknown_keys.append((len(self.report.findings) - 1, str(actor["key_id"])))
            return False
        current = [k for k in candidates if k.valid_at(seq)]
        if not current:
            ranges = ", ".join(f"{k.valid_from}..{k.valid_to or 'now'}" for k in candidates)
            self._bad(seq, f"signed by key {actor['key_id']}, which is not valid at this seq "
                           f"(valid {ranges})", position)
            return False
        try:
            signature = unb64(entry["sig"])
            message = signature_input(entry["hash"])
        except ValueError:
            self._bad(seq, "signature is not valid base64", position)
            return False
        for key in current:
            if not verify_ed25519(key.public_key, signature, message):
                continue
            allowed = PURPOSE_ACTIONS.get(key.purpose)
            if allowed is not None and action not in allowed:
                self._bad(seq, f"a {key.purpose} key may not sign {action}", position)
                return False
            if key.purpose == "user" and key.user_id != actor["user_id"]:
                self._bad(seq, f"signed with the key of {key.user_id}, not of the actor "
                               f"{actor['user_id']}", position)
                return False
            return True
        self._bad(seq, "signature verification failed", position)
        return False

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
        self._report_gaps()
        self._explain_late_keys()
        self._check_declared_prunes()
        leaves = report.leaf_hashes
        report.tree_size = len(leaves)
        sizes = sorted({c.size for _, c in self._checkpoints} | {c.size for c in self._trusted}
                       | {len(leaves)})
        roots = _prefix_roots(leaves, sizes)
        report.root = roots[len(leaves)]
        covered = 0
        by_size: dict[int, tuple[str, bytes]] = {}
        for label, cp in self._checkpoints:
            where = f"checkpoint {label}"
            problem = None
            if cp.size > len(leaves):
                problem = (f"covers {cp.size} entries but the log holds {len(leaves)}: entries "
                           f"{len(leaves) + 1}..{cp.size} were removed (truncation)")
            elif roots[cp.size] != cp.root:
                problem = (f"root does not match the first {cp.size} entries: entries it covers "
                           "were changed, removed or reordered")
            elif cp.size in by_size and by_size[cp.size][1] != cp.root:
                problem = f"equivocation: differs from checkpoint {by_size[cp.size][0]}"
            if problem:
                report.checkpoints_invalid += 1
                report.add(Finding(where, problem))
                continue
            by_size[cp.size] = (label, cp.root)
            covered = max(covered, cp.size)
        if leaves and report.checkpoints_checked == 0:
            report.add(Finding("checkpoints", "no signed checkpoint was found for this log"))
        elif covered < len(leaves) and report.checkpoints_checked:
            report.add(Finding(
                "torn tail",
                f"entries {covered + 1}..{len(leaves)} (by position) are not yet covered by a "
                "signed checkpoint; failed logins are written without a key and are covered "
                "by the next signed action", invalid=False))
        for trusted in self._trusted:
            self._check_trusted(trusted, leaves, roots)
        return report

    def _check_declared_prunes(self) -> None:
        for seq in self._pruned:
            if not any(at > seq and through >= seq for at, through in self._declared):
                self.report.entries_invalid += 1
                self.report.add(Finding(
                    f"seq {seq}", "is pruned, but no later audit.prune entry of an "
                                  "administrator covers it (its content was removed)", seq))

    def _explain_late_keys(self) -> None:
        """A key unknown at an entry but introduced later signed an entry before its time
        (an old entry re-signed with a newer key)."""
        for index, key in self._unknown_keys:
            if key in self._keys:
                old = self.report.findings[index]
                start = min(k.valid_from for k in self._keys[key])
                self.report.findings[index] = Finding(
                    old.where, f"signed by key {key}, which is not valid at this seq (it was "
                               f"introduced at seq {start})", old.seq)

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
                names = f"entry {missing_from}" if last == missing_from else (
                    f"entries {missing_from}..{last}")
                self.report.add(Finding(
                    "gap", f"seq {missing_from - 1} \u2192 {seq}: {names} not found",
                    seq=missing_from))
                missing_from = None

    def _check_trusted(self, trusted: Checkpoint, leaves: list[bytes],
                       roots: dict[int, bytes]) -> None:
        n = len(leaves)
        where = "trusted checkpoint"
        if trusted.size > n:
            self.report.add(Finding(where, (
                f"the log holds {n} entries but the trusted checkpoint of {trusted.time} holds "
                f"{trusted.size}: the log was truncated or restored from an older copy")))
            return
        proof = consistency_proof(trusted.size, leaves)
        if not verify_consistency(trusted.size, n, trusted.root, roots[n], proof):
            self.report.add(Finding(where, (
                f"the log is not an extension of the trusted checkpoint of {trusted.time} "
                f"(size {trusted.size}): entries it covers were changed or the log was replaced")))


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
