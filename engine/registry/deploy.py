"""Using versions: batch scoring, champion/challenger, signed deployment bundles (export,
trust, import)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import select

from engine.errors import ValidationError
from engine.jobs import CancelToken, Progress, check, report
from engine.registry.bundle_service import (
    export_bundle,
    import_bundle,
    trust,
    trusted_keys,
    verify_bundle_file,
)
from engine.registry.deploy_entities import (
    Compared,
    Comparison,
    ExportedBundle,
    Scored,
    TrustedKey,
)
from engine.registry.entities import (
    ModelVersion,
    sha256_text,
)
from engine.registry.parts import Part
from engine.security.actor import Actor
from engine.store.schema import (
    RetrainFlagRow,
)


def check_score_files(source: str | Path, out: str | Path, decimals: int | None) -> Path:
    """What can be checked of a scoring before any work: the input exists, the output is a
    .csv or .parquet in a folder that exists, the decimals are in range. Returns the output
    path. (The desktop form calls it to say what is wrong next to the field.)"""
    if not str(source).strip():
        raise ValidationError("Choose the input file to score.")
    if not Path(source).is_file():
        raise ValidationError(f"There is no input file {source}.")
    return check_score_target(out, decimals)


def check_score_target(out: str | Path, decimals: int | None) -> Path:
    """The output and the decimals of a scoring (the model is checked before the input is
    read, so a missing input is said after a tampered model)."""
    if not str(out).strip():
        raise ValidationError("Choose where to write the scores (output file).")
    target = Path(out)
    if target.suffix.lower() not in (".csv", ".parquet"):
        raise ValidationError(
            f"Write scores to a .csv or .parquet file (output). Got {target.name!r}."
        )
    if not target.parent.is_dir():
        raise ValidationError(f"There is no folder {target.parent} for the output.")
    if decimals is not None and not 0 <= decimals <= 15:
        raise ValidationError(f"Decimals go from 0 to 15. Got {decimals}.")
    return target


class DeployService(Part):
    def score(
        self,
        actor: Actor,
        ref: str,
        source: str | Path,
        out: str | Path,
        *,
        strict: bool = False,
        decimals: int | None = 4,
        keep: str | None = None,
        project: str | None = None,
        progress: Progress | None = None,
        cancel: CancelToken | None = None,
    ) -> Scored:
        """Score a CSV/Parquet/Excel file with a version and write the input with its
        predictions (and probabilities) to `out` (.csv or .parquet). `keep` also stores the
        scored rows as a dataset version (for monitoring)."""
        import pandas as pd
        import pyarrow as pa

        from engine.data.importer import read_table_from_file
        from engine.registry.signature import check_input, score_frame
        from engine.store.files import atomic_write

        target = check_score_target(out, decimals)
        self._access.require(actor, "registry.score", f"model:{ref}")
        report(progress, 0.02, "checking the model")
        version, model = self._versions.load(actor, ref, project)
        report(progress, 0.1, "reading the input")
        table, source_sha = read_table_from_file(Path(source), progress=None, cancel=cancel)
        frame = table.to_pandas()
        check(cancel)
        checked = check_input(frame, version.signature, version.ref, strict=strict)
        report(progress, 0.4, f"scoring {len(frame):,} rows")
        import time

        started = time.perf_counter()
        scores = score_frame(model, checked, version.signature, decimals)
        seconds = time.perf_counter() - started
        check(cancel)
        result = pd.concat([frame.reset_index(drop=True), scores.reset_index(drop=True)], axis=1)
        clash = [c for c in scores.columns if c in frame.columns]
        if clash:
            raise ValidationError(
                f"The input already has columns named {', '.join(clash)}.",
                hint="Rename them; the scores are written under these names.",
            )
        report(progress, 0.8, "writing the scores")
        import io

        sink = io.BytesIO()
        table = pa.Table.from_pandas(result, preserve_index=False)
        if target.suffix.lower() == ".csv":  # Arrow's writer: several times pandas' speed
            import pyarrow.csv as pacsv

            pacsv.write_csv(table, sink)
        else:
            import pyarrow.parquet as pq

            pq.write_table(table, sink)
        data = sink.getvalue()
        kept = None
        if keep:
            stored = self._data.import_table(
                actor,
                table,
                keep,
                project=project,
                describe={
                    "source_name": Path(source).name,
                    "source_sha256": source_sha,
                    "format": "scored",
                    "note": f"scored by {version.ref}",
                },
                cancel=cancel,
            )
            kept = stored.version.ref
        with self._access.change(actor, "registry.score", f"model-version:{version.id}") as session:
            self._audit.append(
                session,
                actor,
                "registry.score",
                f"model-version:{version.id}",
                {
                    "version": version.ref,
                    "input": Path(source).name,
                    # keyed: the log must not confirm a known file
                    "input_sha256": self._objects.fingerprint(actor, source_sha),
                    "rows": len(result),
                    "output": target.name,
                    # a file Airlock wrote: its holder checks it here
                    "output_sha256": sha256_text(data),
                    "unseen_categories": {c: sum(v.values()) for c, v in checked.unseen.items()},
                    "out_of_range": checked.out_of_range,
                    **({"kept_as": kept} if kept else {}),
                },
            )
            atomic_write(target, data)
        report(progress, 1.0, "done")
        return Scored(
            version=version.ref,
            rows=len(result),
            output=str(target),
            columns=tuple(scores.columns),
            notes=(*checked.notes, *self.erasure_notes(actor, version)),
            unseen=checked.unseen,
            out_of_range=checked.out_of_range,
            extra_columns=tuple(checked.extra),
            kept=kept,
            seconds=seconds,
        )

    def erasure_notes(self, actor: Actor, version: Any) -> list[str]:
        """What `model show` and `score` say of a version whose training data was erased
        since (an open retraining flag): it still scores, but should be replaced."""
        with self._access.reading(actor, "registry.read", f"model:{version.ref}") as session:
            flags = session.scalars(
                select(RetrainFlagRow).where(
                    RetrainFlagRow.version_id == version.id, RetrainFlagRow.cleared.is_(None)
                )
            ).all()
            return [f"{version.ref} is flagged for retraining: {flag.reason}" for flag in flags]

    def champion_challenger(
        self, actor: Actor, name: str, challenger: str, dataset: str, *, project: str | None = None
    ) -> Comparison:
        """Score the production version and a challenger on the same dataset version (which
        holds the target) and put their metrics side by side."""
        from engine.registry.signature import check_input
        from engine.training import evaluate as ev

        model = self._versions.model(actor, name, project)
        champion = model.production
        if champion is None:
            raise ValidationError(f"{model.name} has no production version to compare against.")
        challenger_version = self._versions.version(
            actor, challenger if "@" in challenger else f"{model.name}@{challenger}", project
        )
        if challenger_version.model != model.name:
            raise ValidationError(f"{challenger_version.ref} is not a version of {model.name}.")
        data_version = self._data.version(actor, dataset, project)
        frame = self._data.read_table(actor, data_version).to_pandas()
        rows: list[Compared] = []
        for version in (champion, challenger_version):
            target = version.manifest["target"]
            if target not in frame.columns:
                raise ValidationError(
                    f"{data_version.ref} has no column {target!r} (the target of {version.ref})."
                )
            keep = frame[target].notna()
            _, fitted = self._versions.load(actor, version.ref, project)
            checked = check_input(frame.loc[keep], version.signature, version.ref)
            output = version.signature["output"]
            predicted, proba = ev.scores(fitted, checked.frame, output["task"])
            metrics = ev.metrics(
                frame.loc[keep, target],
                predicted,
                proba,
                output["task"],
                list(output.get("classes", [])),
                output.get("positive"),
            )
            rows.append(Compared(version.ref, version.stage, int(keep.sum()), metrics))
        first = rows[0].metrics
        primary = str(champion.manifest.get("primary") or next(iter(first), ""))
        from engine.training.spec import LOWER_IS_BETTER

        a, b = first.get(primary), rows[1].metrics.get(primary)
        winner = None
        if a is not None and b is not None:
            better = (b < a) if primary in LOWER_IS_BETTER else (b > a)
            winner = challenger_version.ref if better else champion.ref
        return Comparison(data_version.ref, primary, rows[0], rows[1], winner)

    def export_bundle(
        self, actor: Actor, ref: str, out: str | Path, *, project: str | None = None
    ) -> ExportedBundle:
        """Write a signed deployment bundle of a version (verified first) to `out`."""
        return export_bundle(self, actor, ref, out, project=project)

    def verify_bundle(self, path: str | Path) -> Any:
        """Check a bundle on its own (no workspace state needed)."""
        return verify_bundle_file(self, path)

    def trusted_keys(self, actor: Actor) -> list[TrustedKey]:
        return trusted_keys(self, actor)

    def trust(self, actor: Actor, path: str | Path, fingerprint: str) -> TrustedKey:
        """Trust the key that signed a bundle, after the administrator confirmed its
        fingerprint (compared out of band)."""
        return trust(self, actor, path, fingerprint)

    def import_bundle(
        self, actor: Actor, path: str | Path, *, name: str | None = None, project: str | None = None
    ) -> ModelVersion:
        """Verify a bundle and register its model here as a new dev version, with its
        provenance (source workspace, version, manifest, approval) in the manifest."""
        return import_bundle(self, actor, path, name=name, project=project)
