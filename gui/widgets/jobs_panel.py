"""The jobs panel: running and finished background jobs, each with progress and Cancel."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from gui.jobs import Job, JobRunner, JobState


class JobRow(QWidget):
    def __init__(self, job: Job, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.job = job
        self.title = QLabel(job.title)
        self.state = QLabel()
        self.bar = QProgressBar()
        self.bar.setRange(0, 1000)
        self.cancel = QPushButton(self.tr("Cancel"))
        self.cancel.setEnabled(job.cancellable)
        self.cancel.clicked.connect(job.cancel)
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.state)
        bottom = QHBoxLayout()
        bottom.addWidget(self.bar, 1)
        bottom.addWidget(self.cancel)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        layout.addLayout(top)
        layout.addLayout(bottom)
        job.progressed.connect(self._progress)
        job.finished.connect(self._finished)
        self._progress(job.fraction, job.message)
        if not job.running:
            self._finished()

    def _progress(self, fraction: float, message: str) -> None:
        self.bar.setValue(int(fraction * 1000))
        self.state.setText(message)

    def _finished(self) -> None:
        labels = {
            JobState.SUCCEEDED: self.tr("done"),
            JobState.FAILED: self.tr("failed"),
            JobState.CANCELLED: self.tr("cancelled"),
        }
        self.state.setText(labels.get(self.job.state, ""))
        if self.job.state is JobState.SUCCEEDED:
            self.bar.setValue(1000)
        self.cancel.setVisible(False)


class JobsPanel(QWidget):
    def __init__(self, runner: JobRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        self._list = QVBoxLayout()
        self._list.addStretch(1)
        holder = QWidget()
        holder.setLayout(self._list)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(holder)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)
        self.rows: list[JobRow] = []
        for job in runner.jobs:
            self._add(job)
        runner.job_added.connect(self._add)

    def _add(self, job: Job) -> None:
        if job.listed:
            row = JobRow(job)
            self.rows.insert(0, row)
            self._list.insertWidget(0, row)
            for old in self.rows[30:]:
                old.deleteLater()
            del self.rows[30:]
