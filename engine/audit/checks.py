"""Verification of an audit log: chain, hashes, signatures, authority, prunes, checkpoints.

Like `aws cloudtrail validate-logs`, it never stops at the first problem: every invalid
item becomes one Finding naming the seq (or checkpoint) and the reason. Entries are fed in
stored order (entry_checks.py checks each); the authority of each signer is replayed from
the entries before it (authority.py). docs/audit-format.md §7 is the algorithm.
"""

from __future__ import annotations

from .entry_checks import _ZERO_LEAF, EntryChecker
from .findings import Finding, Report, Unreadable, prefix_roots, seq_range
from .merkle import consistency_proof, verify_consistency
from .notes import Checkpoint, parse_checkpoint, verify_note

__all__ = ["Finding", "LogVerifier", "Report", "Unreadable", "seq_range"]


class LogVerifier(EntryChecker):
    """Feed entries in stored order, then checkpoints; `finish()` returns the Report."""

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
        roots = prefix_roots(leaves, sizes)
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
