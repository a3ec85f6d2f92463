"""A run from code: what it logs stays in memory and is recorded once, when it ends."""

from __future__ import annotations

import io
import threading
import time
import traceback
from pathlib import Path
from typing import TYPE_CHECKING, Any

from engine.errors import ValidationError

if TYPE_CHECKING:
    from airlock._session import Workspace
    from engine.training.entities import Run as RunRecord
    from engine.training.tracked import CodeRun, Split


class Run:
    """A run in progress: `with ws.start_run(...) as run:`. Nothing is written until it
    ends; then the run — parameters, metrics (with steps), figures, files, tags and its
    model — is recorded in one transaction with one audit entry: `finished` when the block
    ends normally, `failed` (with the error) when it raises, when the workspace is closed
    or when the Python process ends first."""

    def __init__(self, ws: Workspace, experiment: str, *, tags: dict[str, str]) -> None:
        from engine.audit.record import format_time
        from engine.training.tracked import CodeRun

        self._ws = ws
        self._split: Split | None = None
        self._code = CodeRun(
            experiment=experiment,
            project=ws.project,
            tags={str(k): str(v) for k, v in tags.items()},
            source=dict(ws._source),
            started=format_time(ws.engine.clock()),
        )
        self._clock = time.perf_counter()
        self._record: RunRecord | None = None
        self._ended = False
        self._thread = threading.get_ident()  # autolog logs this thread's fits into it

    # -- what a run logs -------------------------------------------------------------------
    def split(self) -> Split:
        """The declared train/test rows: `X_train, X_test, y_train, y_test = run.split()`."""
        if self._split is None:
            raise ValidationError(
                "This run was started without a dataset and a target, so it has no split.",
                hint='ws.start_run("exp", dataset="loans@2", target="default")',
            )
        return self._split

    def log_param(self, name: str, value: Any) -> None:
        self.log_params({name: value})

    def log_params(self, params: dict[str, Any]) -> None:
        from engine.training.tracked import check_name

        self._open()
        for key in params:
            check_name("parameter", str(key))
        self._code.params.update({str(k): v for k, v in params.items()})

    def log_metric(self, name: str, value: float, step: int | None = None) -> None:
        self.log_metrics({name: value}, step=step)

    def log_metrics(self, metrics: dict[str, float], step: int | None = None) -> None:
        """Metrics by name; with `step`, each value is also kept in the metric's history
        (a loss per epoch, say) and the run shows the last."""
        from engine.training.tracked import check_metric

        self._open()
        for name, value in metrics.items():
            number = check_metric(name, value)
            self._code.metrics[name] = number
            if step is not None:
                self._code.steps.setdefault(name, []).append([int(step), number])

    def set_tag(self, name: str, value: str) -> None:
        self.set_tags({name: value})

    def set_tags(self, tags: dict[str, str]) -> None:
        from engine.training.tracked import check_name

        self._open()
        for key in tags:
            check_name("tag", str(key))
        self._code.tags.update({str(k): str(v) for k, v in tags.items()})

    def log_figure(self, figure: Any, name: str) -> None:
        """A matplotlib figure, kept as a PNG (encrypted, with the run)."""
        from engine.training.tracked import check_file

        self._open()
        buffer = io.BytesIO()
        try:
            figure.savefig(buffer, format="png", dpi=100, bbox_inches="tight")
        except AttributeError:
            raise ValidationError(
                f"log_figure takes a matplotlib figure. Got {type(figure).__name__}."
            ) from None
        name = name if name.lower().endswith(".png") else f"{name}.png"
        check_file(name, buffer.getvalue())
        self._code.files[name] = ("figure", buffer.getvalue())

    def log_artifact(self, path: str | Path, name: str | None = None) -> None:
        """A file, kept encrypted with the run (up to 50 MB)."""
        from engine.training.tracked import check_file

        self._open()
        source = Path(path).expanduser()
        if not source.is_file():
            raise ValidationError(f"There is no file {source}.")
        data = source.read_bytes()
        label = name or source.name
        check_file(label, data)
        self._code.files[label] = ("file", data)

    def log_text(self, text: str, name: str) -> None:
        from engine.training.tracked import check_file

        self._open()
        data = text.encode("utf-8")
        check_file(name, data)
        self._code.files[name] = ("file", data)

    def log_model(self, model: Any, *, input_example: Any = None, evaluate: bool = True) -> None:
        """The run's model: any scikit-learn compatible estimator or pipeline, LightGBM or
        XGBoost. Checked now — only types Airlock loads (no lambdas, no notebook classes
        unless from a trusted-code module), and loaded back it must predict
        `input_example` (default: the declared test rows) identically — then, on a run with
        a dataset, evaluated on the declared test rows as a catalog run is."""
        from airlock._autolog import quiet

        with quiet():  # fits inside the checks and the evaluation are not the analyst's
            self._log_model(model, input_example, evaluate)

    def _log_model(self, model: Any, input_example: Any, evaluate: bool) -> None:
        from engine.training.tracked import keep_model

        self._open()
        self._code.evaluation = None  # of a model logged before, if any
        keep_model(
            self._ws.engine.training,
            self._ws.actor,
            self._code,
            model,
            self._split,
            input_example,
            evaluate,
        )

    def note(self, text: str) -> None:
        self._open()
        self._code.notes.append(str(text))

    # -- ending ----------------------------------------------------------------------------
    @property
    def ended(self) -> bool:
        return self._ended

    @property
    def record(self) -> RunRecord:
        """The recorded run (once it has ended)."""
        if self._record is None:
            raise ValidationError("The run has not ended yet; it is recorded when it ends.")
        return self._record

    @property
    def ref(self) -> str:
        return self.record.ref

    @property
    def metrics(self) -> dict[str, Any]:
        return dict(self._record.metrics) if self._record else {"values": self._code.metrics}

    def end(self, status: str = "finished", error: str = "") -> RunRecord:
        """Record the run (finished or failed); called by the `with` block. If even a
        failed run cannot be recorded (the database is gone, say), the run stays open and
        the error is raised: closing the workspace tries again."""
        if self._ended:
            return self.record
        if status not in ("finished", "failed"):
            raise ValidationError(f"A run ends finished or failed. Got {status!r}.")
        code = self._code
        code.split = self._split
        code.status, code.error = status, error
        code.seconds = time.perf_counter() - self._clock
        from airlock._autolog import quiet

        with quiet():
            record = self._record_now(code)
        return record

    def _record_now(self, code: CodeRun) -> RunRecord:
        training = self._ws.engine.training
        try:
            record = training.record_code_run(self._ws.actor, code)
        except Exception as exc:
            if code.status == "failed":
                raise  # nothing more to fall back on: the run stays open
            # refused as finished (its model, say): still recorded, as failed, and the
            # reason raised
            code.model = code.dumped = code.evaluation = None
            code.status, code.error = "failed", f"{type(exc).__name__}: {exc}"
            try:
                self._finish(training.record_code_run(self._ws.actor, code))
            except Exception as second:
                raise second from exc
            raise
        self._finish(record)
        return record

    def _finish(self, record: RunRecord) -> None:
        self._record, self._ended = record, True
        self._detach()

    def _abandon(self, why: str) -> None:
        if not self._ended:  # a failure that could not be recorded keeps its own reason
            self.end("failed", self._code.error or why)

    def _detach(self) -> None:
        from airlock import _autolog

        if self in _autolog.ACTIVE:
            _autolog.ACTIVE.remove(self)
        if self in self._ws._runs:
            self._ws._runs.remove(self)

    def _open(self) -> None:
        if self._ended:
            raise ValidationError("This run has ended; start another to log more.")

    def __enter__(self) -> Run:
        return self

    def __exit__(self, kind: Any, exc: BaseException | None, tb: Any) -> None:
        if exc is None:
            self.end("finished")
            return
        text = "".join(traceback.format_exception_only(kind, exc)).strip()
        try:
            self.end("failed", text[:2000])
        except Exception as failure:  # the block's own exception is the one to see
            exc.add_note(f"airlock: the run could not be recorded as failed: {failure}")

    def _repr_html_(self) -> str:
        if self._record is not None:
            return self._record._repr_html_()
        from engine.htmlrepr import table_page

        return table_page(
            f"Run of {self._code.experiment} (in progress)",
            [("parameters", len(self._code.params)), ("metrics", len(self._code.metrics))],
        )

    def __repr__(self) -> str:
        if self._record is not None:
            return f"<airlock.Run {self._record.ref} {self._record.status}>"
        return f"<airlock.Run of {self._code.experiment} in progress>"
