"""Using versions: batch scoring, champion/challenger, signed deployment bundles (export,
trust, import)."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

from sqlalchemy import select

from engine.audit.record import b64, format_time, grouped, plain_fingerprint
from engine.errors import AlreadyExists, IntegrityError, ValidationError
from engine.jobs import CancelToken, Progress, check, report
from engine.projects import ProjectService
from engine.registry.entities import (
    ModelVersion,
    check_model_name,
    sha256_text,
)
from engine.registry.lookups import manifest_text
from engine.registry.parts import Part
from engine.registry.rows import version_entity
from engine.security.actor import Actor
from engine.security.identity import name_key
from engine.store.schema import (
    ApprovalRow,
    ModelVersionRow,
    RegisteredModelRow,
    RetrainFlagRow,
    SigningKeyRow,
    TrustedKeyRow,
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
    ) -> dict[str, Any]:
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
        return {
            "version": version.ref,
            "rows": len(result),
            "output": str(target),
            "notes": list(checked.notes) + self.erasure_notes(actor, version),
            "unseen": checked.unseen,
            "out_of_range": checked.out_of_range,
            "extra_columns": list(checked.extra),
            "kept": kept,
            "seconds": seconds,
            "columns": list(scores.columns),
        }

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
    ) -> dict[str, Any]:
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
        rows: list[dict[str, Any]] = []
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
            rows.append(
                {
                    "version": version.ref,
                    "stage": version.stage,
                    "rows": int(keep.sum()),
                    "metrics": metrics,
                }
            )
        first: dict[str, Any] = rows[0]["metrics"]
        primary = str(champion.manifest.get("primary") or next(iter(first), ""))
        from engine.training.spec import LOWER_IS_BETTER

        a, b = first.get(primary), rows[1]["metrics"].get(primary)
        winner = None
        if a is not None and b is not None:
            better = (b < a) if primary in LOWER_IS_BETTER else (b > a)
            winner = challenger_version.ref if better else champion.ref
        return {
            "dataset": data_version.ref,
            "primary": primary,
            "champion": rows[0],
            "challenger": rows[1],
            "winner": winner,
        }

    def export_bundle(
        self, actor: Actor, ref: str, out: str | Path, *, project: str | None = None
    ) -> dict[str, Any]:
        """Write a signed deployment bundle of a version (verified first) to `out`."""
        from engine.registry import bundle
        from engine.registry.score_template import __file__ as template
        from engine.store.files import atomic_write

        target = Path(out)
        if target.suffix.lower() != ".zip":
            raise ValidationError(f"A bundle is a .zip file. Got {target.name!r}.")
        if not target.parent.is_dir():
            raise ValidationError(f"There is no folder {target.parent}.")
        self._access.require(actor, "registry.export", f"model:{ref}")
        version, _ = self._versions.load(actor, ref, project)
        model_bytes = self._objects.get_bytes(actor, version.model_object)
        with self._access.reading(actor, "registry.read", f"model:{ref}") as session:
            row, _, _ = self._versions.find_version(session, version.ref, project)
            signer = session.scalars(
                select(SigningKeyRow).where(SigningKeyRow.key_id == row.signer_key_id)
            ).first()
            approval = None
            if version.stage == "production":
                decided = session.scalars(
                    select(ApprovalRow)
                    .where(ApprovalRow.version_id == row.id, ApprovalRow.status == "approved")
                    .order_by(ApprovalRow.decided.desc())
                ).first()
                key = (
                    None
                    if decided is None
                    else session.scalars(
                        select(SigningKeyRow).where(SigningKeyRow.key_id == decided.decision_key_id)
                    ).first()
                )
                if decided is None or key is None:  # load() checked it; a race at most
                    raise IntegrityError(f"The approval of {version.ref} is missing.")
                approval = {
                    "decision": decided.decision,
                    "signature": decided.decision_sig,
                    "key_id": decided.decision_key_id,
                    "public_key": b64(key.public_key),
                    "evidence": decided.evidence,
                    "evidence_sha256": decided.evidence_hash,
                }
            if signer is None:
                raise IntegrityError(f"The key that signed {version.ref} is missing.")
            text, signature = manifest_text(session, row), row.manifest_sig
        files = {
            "model.skops": model_bytes,
            "requirements.txt": bundle.requirements(version.manifest.get("packages", {})).encode(),
            "score.py": Path(template).read_bytes(),
            "Dockerfile": bundle.dockerfile(version.manifest.get("python", "")).encode(),
        }
        log = actor.log_signer
        key_fp = bundle.fingerprint(log.public_key)
        files["README.txt"] = bundle.readme(version.ref, key_fp).encode()
        manifest = {
            "format": bundle.BUNDLE_FORMAT,
            "model": version.model,
            "version": version.version,
            "stage": version.stage,
            "exported": format_time(self._clock()),
            "exported_by": actor.name,
            "workspace": self._workspace_id,
            "workspace_key": {
                "name": log.name,
                "public_key": b64(log.public_key),
                "fingerprint": key_fp,
            },
            "version_manifest": text,
            "version_manifest_sig": signature,
            "version_signer": {
                "key_id": signer.key_id,
                "name": signer.name,
                "public_key": b64(signer.public_key),
            },
            "approval": approval,
            "model_card": None,
            "files": {name: hashlib.sha256(data).hexdigest() for name, data in files.items()},
        }
        raw, sig = bundle.sign_manifest(manifest, log.sign)
        files["manifest.json"], files["manifest.sig"] = raw, sig
        data = bundle.build_zip(files)
        digest = hashlib.sha256(data).hexdigest()
        with self._access.change(
            actor, "registry.export", f"model-version:{version.id}"
        ) as session:
            self._audit.append(
                session,
                actor,
                "registry.export",
                f"model-version:{version.id}",
                {
                    "version": version.ref,
                    "file": target.name,
                    "bundle_sha256": digest,
                    "model_sha256": version.model_sha256,
                    "key_fingerprint": key_fp,
                },
            )
            atomic_write(target, data)
        return {
            "version": version.ref,
            "file": str(target),
            "sha256": digest,
            "fingerprint": key_fp,
            "files": sorted(files),
        }

    def verify_bundle(self, path: str | Path) -> Any:
        """Check a bundle on its own (no workspace state needed)."""
        from engine.registry.bundle import verify_bundle

        return verify_bundle(Path(path))

    def trusted_keys(self, actor: Actor) -> list[dict[str, str]]:
        with self._access.reading(actor, "registry.read", "trusted-keys") as session:
            return [
                {"fingerprint": k.fingerprint, "name": k.name, "added": k.added}
                for k in session.scalars(select(TrustedKeyRow))
            ]

    def trust(self, actor: Actor, path: str | Path, fingerprint: str) -> dict[str, str]:
        """Trust the key that signed a bundle, after the administrator confirmed its
        fingerprint (compared out of band)."""
        checked = self.verify_bundle(path)
        given = plain_fingerprint(fingerprint or "")
        if given != checked.key_fingerprint:
            raise ValidationError(
                f"The bundle is signed by key "
                f"{grouped(checked.key_fingerprint)}, "
                f"not {fingerprint!r}.",
                hint="Compare the fingerprint with the exporting team out "
                "of band before trusting it.",
            )
        with self._access.change(actor, "registry.import", "trusted-keys") as session:
            if session.get(TrustedKeyRow, checked.key_fingerprint) is None:
                session.add(
                    TrustedKeyRow(
                        fingerprint=checked.key_fingerprint,
                        name=checked.key_name,
                        public_key=checked.public_key,
                        added=format_time(self._clock()),
                        added_by=actor.user_id,
                    )
                )
                self._audit.append(
                    session,
                    actor,
                    "registry.trust",
                    f"key:{checked.key_fingerprint[:16]}",
                    {"fingerprint": checked.key_fingerprint, "name": checked.key_name},
                )
        return {"fingerprint": checked.key_fingerprint, "name": checked.key_name}

    def import_bundle(
        self, actor: Actor, path: str | Path, *, name: str | None = None, project: str | None = None
    ) -> ModelVersion:
        """Verify a bundle and register its model here as a new dev version, with its
        provenance (source workspace, version, manifest, approval) in the manifest."""
        checked = self.verify_bundle(path)
        self._access.require(actor, "registry.import", "bundle")
        own = checked.public_key == actor.log_signer.public_key
        with self._access.reading(actor, "registry.read", "trusted-keys") as session:
            trusted = session.get(TrustedKeyRow, checked.key_fingerprint) is not None
        if not (trusted or own):
            raise IntegrityError(
                f"{Path(path).name} is signed by workspace key "
                f"{grouped(checked.key_fingerprint)}, "
                "which this workspace does not trust.",
                hint="Compare the fingerprint with the exporting team, then: airlock bundle "
                f"trust {Path(path).name} --fingerprint "
                f'"{grouped(checked.key_fingerprint)}"',
            )
        from engine.training.modelio import check_types

        source = checked.version_manifest
        check_types(
            checked.files["model.skops"],
            list(source["model_types"]),
            f"model.skops in {Path(path).name}",
        )
        clean = check_model_name(name or source["model"])
        with self._objects.writer(actor, "model") as out:
            out.write(checked.files["model.skops"])
            finished = out.finish()
            with self._access.change(actor, "registry.import", f"model:{clean}") as session:
                project_row = ProjectService.find(session, project)
                model_row = session.scalars(
                    select(RegisteredModelRow).where(
                        RegisteredModelRow.project_id == project_row.id,
                        RegisteredModelRow.name_key == name_key(clean),
                    )
                ).first()
                if model_row is None:
                    model_row = RegisteredModelRow(
                        id="mdl_" + os.urandom(6).hex(),
                        project_id=project_row.id,
                        name=clean,
                        name_key=name_key(clean),
                        description="",
                        policy="",
                        policy_hash="",
                        created=format_time(self._clock()),
                        created_by=actor.user_id,
                    )
                    session.add(model_row)
                    session.flush()
                for existing in session.scalars(
                    select(ModelVersionRow).where(ModelVersionRow.model_id == model_row.id)
                ):
                    if (
                        json.loads(manifest_text(session, existing))
                        .get("imported", {})
                        .get("bundle_sha256")
                        == checked.sha256
                    ):
                        raise AlreadyExists(
                            f"This bundle is already {model_row.name}@{existing.version}."
                        )
                ref = self._objects.install(session, actor, finished, audit=False)
                out.installed()
                number = (
                    len(
                        session.scalars(
                            select(ModelVersionRow.id).where(
                                ModelVersionRow.model_id == model_row.id
                            )
                        ).all()
                    )
                    + 1
                )
                now = format_time(self._clock())
                manifest = dict(source)
                manifest.update(
                    {
                        "workspace": self._workspace_id,
                        "model": model_row.name,
                        "version": number,
                        "registered": now,
                        "registered_by": actor.user_id,
                        "registered_by_name": actor.name,
                        "imported": {
                            "bundle": Path(path).name,
                            "bundle_sha256": checked.sha256,
                            "source_workspace": source.get("workspace"),
                            "source_version": f"{source['model']}@{source['version']}",
                            "source_manifest_sha256": sha256_text(
                                checked.manifest["version_manifest"]
                            ),
                            "source_stage": checked.manifest.get("stage"),
                            "source_approval": (
                                json.loads(checked.manifest["approval"]["decision"])
                                if checked.manifest.get("approval")
                                else None
                            ),
                            "exported_by": checked.manifest.get("exported_by"),
                            "exported": checked.manifest.get("exported"),
                            "key_fingerprint": checked.key_fingerprint,
                            "own_workspace": own,
                        },
                    }
                )
                # this workspace's name for the model (the source's keyed name means
                # nothing here); the bundle check compared the plain hash already
                manifest["model_object"] = ref.id
                row = self._versions.insert_version(
                    session,
                    actor,
                    model_row,
                    number,
                    manifest,
                    run_id=None,
                    dataset_version_id=None,
                    trained_by="",
                    description="",
                )
                self._audit.append(
                    session,
                    actor,
                    "registry.import",
                    f"model-version:{row.id}",
                    {
                        "version": f"{model_row.name}@{number}",
                        **{k: v for k, v in manifest["imported"].items() if k != "source_approval"},
                    },
                )
                return version_entity(self._versions, session, row, model_row, project_row.name)
