"""Parts of the audit view: the filter bar, the entry details, the findings list."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from PySide6.QtCore import QCoreApplication, QDateTime, Qt, QTime, QTimeZone, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)

from engine.audit.actions import ACTIONS
from engine.audit.checks import Report
from engine.audit.log import AuditEntry
from engine.auditing.service import EntryFilter


class FilterBar(QWidget):
    applied = Signal(object)  # EntryFilter

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actor = QComboBox()
        self.actor.addItem(self.tr("Anyone"), None)
        self.action = QComboBox()
        self.action.addItem(self.tr("Any action"), None)
        for prefix in sorted({a.split(".")[0] + "." for a in ACTIONS}):
            self.action.addItem(prefix + "*", prefix)
        for action in sorted(ACTIONS):
            self.action.addItem(action, action)
        now = QDateTime.currentDateTimeUtc()
        self.use_since = QCheckBox(self.tr("From"))
        self.since = QDateTimeEdit(now.addDays(-7))
        self.use_until = QCheckBox(self.tr("to"))
        self.until = QDateTimeEdit(now)
        for edit in (self.since, self.until):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd HH:mm")
            edit.setTimeZone(QTimeZone.utc())
        self.text = QLineEdit()
        self.text.setPlaceholderText(self.tr("text in target or details"))
        self.text.returnPressed.connect(self.apply)
        apply = QPushButton(self.tr("Filter"))
        apply.clicked.connect(self.apply)
        clear = QPushButton(self.tr("Clear"))
        clear.clicked.connect(self.clear)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in (
            self.actor,
            self.action,
            self.use_since,
            self.since,
            self.use_until,
            self.until,
        ):
            layout.addWidget(widget)
        layout.addWidget(self.text, 1)
        layout.addWidget(apply)
        layout.addWidget(clear)

    def set_users(self, names: dict[str, str]) -> None:
        current = self.actor.currentData()
        while self.actor.count() > 1:
            self.actor.removeItem(1)
        for user_id, name in sorted(names.items(), key=lambda item: item[1].casefold()):
            self.actor.addItem(name, user_id)
        index = self.actor.findData(current)
        self.actor.setCurrentIndex(max(index, 0))

    @staticmethod
    def _utc(edit: QDateTimeEdit) -> datetime:
        moment = edit.dateTime().toUTC()
        date, time = moment.date(), moment.time() or QTime(0, 0)
        return datetime(
            date.year(), date.month(), date.day(), time.hour(), time.minute(), tzinfo=UTC
        )

    def current(self) -> EntryFilter:
        return EntryFilter(
            actor=self.actor.currentData(),
            action=self.action.currentData(),
            since=self._utc(self.since) if self.use_since.isChecked() else None,
            until=self._utc(self.until) if self.use_until.isChecked() else None,
            text=self.text.text().strip() or None,
        )

    def apply(self) -> None:
        self.applied.emit(self.current())

    def clear(self) -> None:
        self.actor.setCurrentIndex(0)
        self.action.setCurrentIndex(0)
        self.use_since.setChecked(False)
        self.use_until.setChecked(False)
        self.text.clear()
        self.apply()


class EntryDetails(QPlainTextEdit):
    """The whole entry, its signature and key, and what the last verification said."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        self.setPlaceholderText(self.tr("Select an entry to see all of it."))

    def show_entry(self, entry: AuditEntry | None, verified: bool, problems: list[str]) -> None:
        if entry is None:
            self.clear()
            return
        if not verified:
            state = self.tr("Verification: not run yet (use Verify).")
        elif problems:
            state = self.tr("Verification: INVALID") + "\n  " + "\n  ".join(problems)
        else:
            state = self.tr("Verification: valid (hash, chain and signature checked)")
        signer = (
            self.tr("Signed by key %1").replace("%1", entry.key_id or "")
            if entry.sig
            else self.tr(
                "Not signed: a failed login unlocks no key, so nobody vouches for this "
                "entry; the next signed entry adopts it"
            )
        )
        notes = []
        if entry.adopts:
            notes.append(
                self.tr("Adopts the %1 unsigned entries directly before it").replace(
                    "%1", str(entry.adopts)
                )
            )
        if entry.pruned:
            notes.append(
                self.tr("Content pruned after the retention period: who, what and when stay signed")
                if entry.v >= 2
                else self.tr(
                    "Pruned after the retention period (an entry of audit format "
                    "1: its action is gone too)"
                )
            )
        self.setPlainText(
            "\n".join(
                [
                    state,
                    signer,
                    *notes,
                    self.tr("Signature: %1").replace("%1", entry.sig or "—"),
                    self.tr("Hash: %1").replace("%1", entry.hash),
                    self.tr("Previous: %1").replace("%1", entry.prev),
                    "",
                    json.dumps(entry.as_json(), indent=2, ensure_ascii=False, sort_keys=True),
                ]
            )
        )


def summary(report: Report) -> str:
    """The verification totals in the user's language (the findings themselves are the
    engine's own words)."""
    valid = report.entries_checked - report.entries_invalid
    text = QCoreApplication.translate(
        "FindingsList",
        "Entries: %1 checked, %2 valid, %3 invalid. Checkpoints: %4 checked, %5 invalid.",
    )
    for key, value in (
        ("%1", report.entries_checked),
        ("%2", valid),
        ("%3", report.entries_invalid),
        ("%4", report.checkpoints_checked),
        ("%5", report.checkpoints_invalid),
    ):
        text = text.replace(key, f"{value:,}")
    verdict = (
        QCoreApplication.translate("FindingsList", "Result: VALID")
        if report.ok
        else QCoreApplication.translate("FindingsList", "Result: INVALID")
    )
    return f"{text} {verdict}"


class FindingsList(QListWidget):
    """The result of a verification: one line per problem; activating one with a seq
    jumps to that entry."""

    jump = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.itemActivated.connect(self._activated)

    def show_report(self, report: Report, heading: str) -> None:
        self.clear()
        self.addItem(heading)
        self.addItem(summary(report))
        for finding in report.findings:
            item = QListWidgetItem(finding.line())
            if finding.seq is not None:
                item.setData(Qt.ItemDataRole.UserRole, finding.seq)
            if finding.invalid:
                item.setForeground(Qt.GlobalColor.red)
            elif finding.note:
                item.setForeground(self.palette().placeholderText())
            self.addItem(item)

    def _activated(self, item: QListWidgetItem) -> None:
        seq = item.data(Qt.ItemDataRole.UserRole)
        if seq is not None:
            self.jump.emit(int(seq))
