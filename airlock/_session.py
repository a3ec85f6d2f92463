"""`airlock.open`: a workspace, signed in, for a notebook or a script."""

from __future__ import annotations

import atexit
import contextlib
import os
import warnings
import weakref
from pathlib import Path
from typing import TYPE_CHECKING, Any

from airlock._env import _password, source
from engine.errors import ValidationError, WorkspaceError

if TYPE_CHECKING:
    import pandas as pd

    from airlock._data import Data
    from airlock._display import Document
    from airlock._run import Run
    from engine.monitoring.drift import DriftReport
    from engine.registry.entities import ModelVersion
    from engine.security.actor import Actor
    from engine.training.entities import Comparison
    from engine.training.entities import Run as RunRecord
    from engine.training.tracked import Split
    from engine.workspace import Workspace as EngineWorkspace

_OPEN: weakref.WeakSet[Workspace] = weakref.WeakSet()


def open(
    path: str | Path | None = None,
    user: str | None = None,
    password: str | None = None,
    *,
    project: str | None = None,
    metadata_password: str | None = None,
) -> Workspace:
    """Open the workspace at `path` (else $AIRLOCK_WORKSPACE) and sign in as `user` (else
    $AIRLOCK_USER), in `project` (else $AIRLOCK_PROJECT, else the default project). The
    password comes from `password`, else $AIRLOCK_PASSWORD (or the file
    $AIRLOCK_PASSWORD_FILE names), else a hidden prompt. A team workspace's folder names its
    server; `metadata_password` is the database password when libpq has none. Use it in a
    `with` block, or call close(): closing locks the session (its keys are forgotten) and
    records any run still open as failed."""
    from engine.workspace import Workspace as EngineWorkspace

    folder = path or os.environ.get("AIRLOCK_WORKSPACE")
    if not folder:
        raise WorkspaceError(
            "No workspace given.", hint="airlock.open(path) or set AIRLOCK_WORKSPACE."
        )
    name = user or os.environ.get("AIRLOCK_USER")
    if not name:
        raise ValidationError("No user given.", hint="airlock.open(path, user=NAME).")
    engine_ws = EngineWorkspace.open(Path(folder).expanduser(), metadata_password=metadata_password)
    try:
        actor = engine_ws.login(name, password or _password(name))
    except BaseException:
        engine_ws.close()
        raise
    return Workspace(engine_ws, actor, project or os.environ.get("AIRLOCK_PROJECT") or None)


class Workspace:
    """An open, signed-in workspace. Every method checks the user's role and writes the
    same audit entries as the `airlock` command."""

    def __init__(self, engine_ws: EngineWorkspace, actor: Actor, project: str | None) -> None:
        from airlock._data import Data

        self._ws = engine_ws
        self._actor: Actor | None = actor
        self.project = project
        self.data: Data = Data(self)
        self._runs: list[Run] = []
        self._source = source()
        _OPEN.add(self)

    # -- session ---------------------------------------------------------------------------
    @property
    def actor(self) -> Actor:
        if self._actor is None or self._actor.locked:
            raise WorkspaceError(
                "This workspace is closed (its session is locked).",
                hint="Open it again with airlock.open(...).",
            )
        return self._actor

    @property
    def user(self) -> str:
        return self.actor.name

    @property
    def role(self) -> str:
        return self.actor.role

    @property
    def engine(self) -> EngineWorkspace:
        """The engine's workspace (internal services; for what this API does not cover)."""
        return self._ws

    @property
    def closed(self) -> bool:
        return self._actor is None

    def close(self) -> None:
        """Record runs still open as failed, lock the session and close the database."""
        self._close("the workspace was closed before the run ended")

    def _close(self, why: str) -> None:
        if self._actor is None:
            return
        for run in list(self._runs):
            try:
                run._abandon(why)
            except Exception as exc:  # the others are recorded and the session locked anyway
                warnings.warn(
                    f"airlock: a run of {run._code.experiment} could not be recorded as "
                    f"failed ({type(exc).__name__}: {exc}); it is lost.",
                    stacklevel=2,
                )
        actor, self._actor = self._actor, None
        try:
            if not actor.locked:
                self._ws.auth.lock(actor, "closed from Python")
        finally:
            actor.lock()
            self._ws.close()
            _OPEN.discard(self)

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        state = "closed" if self.closed else f"{self._actor.name} ({self._actor.role})"  # type: ignore[union-attr]
        return f"<airlock.Workspace {self._ws.path} — {state}>"

    # -- runs ------------------------------------------------------------------------------
    def split(
        self,
        dataset: str,
        target: str,
        *,
        features: list[str] | None = None,
        exclude: list[str] | None = None,
        test_size: float = 0.2,
        seed: int = 42,
        task: str | None = None,
        positive: Any = None,
    ) -> Split:
        """The train and test rows a catalog run on `dataset` and `target` uses:
        `X_train, X_test, y_train, y_test = ws.split("loans@2", "default")`. A run started
        with the same arguments evaluates on exactly these test rows."""
        return self._split(
            dataset,
            target,
            features=features,
            exclude=exclude,
            test_size=test_size,
            seed=seed,
            task=task,
            positive=positive,
        )

    def _split(self, dataset: str, target: str, **options: Any) -> Split:
        return self._ws.training.split(
            self.actor,
            dataset,
            target,
            project=self.project,
            session_name=self._source.get("notebook", ""),
            **options,
        )

    def start_run(
        self,
        experiment: str,
        *,
        dataset: str | None = None,
        target: str | None = None,
        features: list[str] | None = None,
        exclude: list[str] | None = None,
        test_size: float = 0.2,
        seed: int = 42,
        task: str | None = None,
        positive: Any = None,
        tags: dict[str, str] | None = None,
    ) -> Run:
        """A run of `experiment`, recorded when it ends (one audit entry): use it in a `with`
        block. With `dataset` and `target` it declares the train/test rows (`run.split()`)
        its model is evaluated on, as a catalog run is; without them it records parameters,
        metrics and files only."""
        from airlock._run import Run
        from engine.security import rbac

        self.actor  # noqa: B018 - a closed workspace fails here, before anything starts
        run = Run(self, experiment, tags=tags or {})
        if dataset is not None or target is not None:
            if not dataset or not target:
                raise ValidationError(
                    "A run on data needs both the dataset and the target.",
                    hint='ws.start_run("credit", dataset="loans@2", target="default")',
                )
            run._split = self._split(
                dataset,
                target,
                features=features,
                exclude=exclude,
                test_size=test_size,
                seed=seed,
                task=task,
                positive=positive,
                experiment=experiment,
            )
        elif not rbac.allowed(self.actor.role, "training.run"):
            # refused now, by the engine (its message and its access.denied entry); an
            # allowed role is checked again, against the database, when the run is recorded
            self._ws.training._access.require(
                self.actor, "training.run", f"experiment:{experiment}"
            )
        self._runs.append(run)
        from airlock import _autolog

        _autolog.ACTIVE.append(run)
        return run

    def runs(self, experiment: str | None = None) -> list[RunRecord]:
        return self._ws.training.runs(self.actor, self.project, experiment)

    def run(self, ref: str) -> RunRecord:
        """A run by `EXPERIMENT#NUMBER` or id."""
        return self._ws.training.run(self.actor, ref, self.project)

    def compare(self, *refs: str | Run | RunRecord) -> Comparison:
        return self._ws.training.compare(self.actor, [_ref(r) for r in refs], self.project)

    def load_model(self, ref: str | Run | RunRecord) -> Any:
        """A run's fitted model (skops, with only its recorded, allowed types)."""
        return self._ws.training.load_model(self.actor, self.run(_ref(ref)))

    # -- registry --------------------------------------------------------------------------
    def register(
        self, run: str | Run | RunRecord, name: str, *, description: str = ""
    ) -> ModelVersion:
        return self._ws.registry.versions.register(
            self.actor, _ref(run), name, description=description, project=self.project
        )

    def model(self, ref: str) -> ModelVersion:
        return self._ws.registry.versions.version(self.actor, ref, self.project)

    def stage(self, ref: str, stage: str, *, reason: str = "") -> ModelVersion:
        """Move a version to dev, staging or archived (staging passes its gates)."""
        return self._ws.registry.versions.set_stage(
            self.actor, ref, stage, reason=reason, project=self.project
        ).version

    def request_production(self, ref: str, *, note: str = "") -> Any:
        return self._ws.registry.approvals.request(self.actor, ref, note=note, project=self.project)

    def approve(self, ref: str, *, reason: str, password: str | None = None) -> Any:
        """A validator's approval: the password is entered again (prompted when not given)."""
        return self._ws.registry.approvals.approve(
            self.actor,
            ref,
            password=password or _password(self.actor.name),
            reason=reason,
            project=self.project,
        )

    def score(self, ref: str, frame: pd.DataFrame, *, strict: bool = False) -> pd.DataFrame:
        """`frame` with the version's predictions (and probabilities), exactly as
        `airlock score` writes them (audited the same way)."""
        import tempfile

        import pandas as pd

        with tempfile.TemporaryDirectory(prefix="airlock-score-") as folder:
            source_path, out = Path(folder) / "input.parquet", Path(folder) / "scored.parquet"
            frame.to_parquet(source_path, index=False)
            self._ws.registry.deploy.score(
                self.actor,
                ref,
                source_path,
                out,
                strict=strict,
                decimals=None,
                project=self.project,
            )
            return pd.read_parquet(out)

    # -- monitoring and governance ---------------------------------------------------------
    def drift(self, reference: str, current: str, **options: Any) -> DriftReport:
        """Data drift of `current` against `reference` (dataset refs or windows, as
        `airlock drift` takes them); shows as a report in a notebook."""
        from engine.monitoring.drift import DriftOptions

        return self._ws.monitoring.drift(
            self.actor,
            reference,
            current,
            columns=options.pop("columns", None),
            options=DriftOptions(**options) if options else None,
            project=self.project,
        )

    def fairness(self, ref: str, attributes: list[str] | None = None) -> Any:
        """Assess a registered version's fairness on its test rows and keep the report."""
        return self._ws.governance.fairness.report(
            self.actor, ref, attributes=attributes, project=self.project
        )

    def model_card(self, ref: str) -> Document:
        from airlock._display import Document

        body = self._ws.governance.cards.card(self.actor, ref, project=self.project)
        return Document(body, "card")

    def run_tests(self, ref: str, suite: dict[str, Any] | Path) -> Any:
        """Run a model test suite (a TOML file or its dict) on a version; the report is
        kept as the version's evidence."""
        return self._ws.registry.tests.run(
            self.actor,
            ref,
            Path(suite) if isinstance(suite, str) else suite,
            project=self.project,
        )

    def save_model_card(self, ref: str, narrative: dict[str, str]) -> Document:
        """Save the card's narrative (intended use, limitations, ...) as the version's next
        card; returns the card."""

        self._ws.governance.cards.save(self.actor, ref, narrative, project=self.project)
        return self.model_card(ref)

    def verify_audit(self) -> Any:
        """Verify the whole audit log (chain, signatures, authority)."""
        return self._ws.audit.verify(self.actor)


def _ref(value: Any) -> str:
    from airlock._run import Run

    if isinstance(value, Run):
        return value.record.ref
    return value if isinstance(value, str) else str(value.ref)


@atexit.register
def _close_all() -> None:
    """A script or kernel that ends with a workspace open records its open runs as failed."""
    for ws in list(_OPEN):
        with contextlib.suppress(Exception):  # the interpreter is ending: never raise here
            ws._close("the Python process ended before the run ended")
