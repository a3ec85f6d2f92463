"""Signed deployment bundles: export a version with its signed manifest, lock file, scorer and
Dockerfile; verify one; trust the key of another workspace (an administrator, once); import
a bundle as a new version in dev."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from engine.audit.record import b64, format_time, grouped, plain_fingerprint
from engine.errors import AlreadyExists, IntegrityError, ValidationError
from engine.projects import ProjectService
from engine.registry.deploy_entities import ExportedBundle, TrustedKey
from engine.registry.entities import (
    ModelVersion,
    check_model_name,
    sha256_text,
)
from engine.registry.lookups import manifest_text
from engine.registry.rows import version_entity
from engine.security.actor import Actor
from engine.store.schema import (
    ApprovalRow,
    ModelVersionRow,
    SigningKeyRow,
    TrustedKeyRow,
)

if TYPE_CHECKING:
    from engine.registry.deploy import DeployService


def export_bundle(
    service: DeployService, actor: Actor, ref: str, out: str | Path, *, project: str | None = None
) -> ExportedBundle:
    from engine.registry import bundle
    from engine.registry.score_template import __file__ as template
    from engine.store.files import atomic_write

    target = Path(out)
    if target.suffix.lower() != ".zip":
        raise ValidationError(f"A bundle is a .zip file. Got {target.name!r}.")
    if not target.parent.is_dir():
        raise ValidationError(f"There is no folder {target.parent}.")
    service._access.require(actor, "registry.export", f"model:{ref}")
    version, _ = service._versions.load(actor, ref, project)
    model_bytes = service._objects.get_bytes(actor, version.model_object)
    with service._access.reading(actor, "registry.read", f"model:{ref}") as session:
        row, _, _ = service._versions.find_version(session, version.ref, project)
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
        "exported": format_time(service._clock()),
        "exported_by": actor.name,
        "workspace": service._workspace_id,
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
    with service._access.change(actor, "registry.export", f"model-version:{version.id}") as session:
        service._audit.append(
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
    return ExportedBundle(version.ref, str(target), digest, key_fp, tuple(sorted(files)))


def verify_bundle_file(service: DeployService, path: str | Path) -> Any:
    from engine.registry.bundle import verify_bundle

    return verify_bundle(Path(path))


def trusted_keys(service: DeployService, actor: Actor) -> list[TrustedKey]:
    with service._access.reading(actor, "registry.read", "trusted-keys") as session:
        return [
            TrustedKey(k.fingerprint, k.name, k.added)
            for k in session.scalars(select(TrustedKeyRow))
        ]


def trust(service: DeployService, actor: Actor, path: str | Path, fingerprint: str) -> TrustedKey:
    checked = verify_bundle_file(service, path)
    given = plain_fingerprint(fingerprint or "")
    if given != checked.key_fingerprint:
        raise ValidationError(
            f"The bundle is signed by key {grouped(checked.key_fingerprint)}, not {fingerprint!r}.",
            hint="Compare the fingerprint with the exporting team out of band before trusting it.",
        )
    with service._access.change(actor, "registry.import", "trusted-keys") as session:
        if session.get(TrustedKeyRow, checked.key_fingerprint) is None:
            session.add(
                TrustedKeyRow(
                    fingerprint=checked.key_fingerprint,
                    name=checked.key_name,
                    public_key=checked.public_key,
                    added=format_time(service._clock()),
                    added_by=actor.user_id,
                )
            )
            service._audit.append(
                session,
                actor,
                "registry.trust",
                f"key:{checked.key_fingerprint[:16]}",
                {"fingerprint": checked.key_fingerprint, "name": checked.key_name},
            )
    return TrustedKey(checked.key_fingerprint, checked.key_name)


def import_bundle(
    service: DeployService,
    actor: Actor,
    path: str | Path,
    *,
    name: str | None = None,
    project: str | None = None,
) -> ModelVersion:
    checked = verify_bundle_file(service, path)
    service._access.require(actor, "registry.import", "bundle")
    own = checked.public_key == actor.log_signer.public_key
    with service._access.reading(actor, "registry.read", "trusted-keys") as session:
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
        service._training.trusted_code(actor),
    )
    clean = check_model_name(name or source["model"])
    with service._objects.writer(actor, "model") as out:
        out.write(checked.files["model.skops"])
        finished = out.finish()
        with service._access.change(actor, "registry.import", f"model:{clean}") as session:
            project_row = ProjectService.find(session, project)
            model_row = service._versions.model_row_for(session, actor, project_row.id, clean)
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
            ref = service._objects.install(session, actor, finished, audit=False)
            out.installed()
            number = (
                len(
                    session.scalars(
                        select(ModelVersionRow.id).where(ModelVersionRow.model_id == model_row.id)
                    ).all()
                )
                + 1
            )
            now = format_time(service._clock())
            manifest = dict(source)
            manifest.update(
                {
                    "workspace": service._workspace_id,
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
                        "source_manifest_sha256": sha256_text(checked.manifest["version_manifest"]),
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
            row = service._versions.insert_version(
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
            service._audit.append(
                session,
                actor,
                "registry.import",
                f"model-version:{row.id}",
                {
                    "version": f"{model_row.name}@{number}",
                    **{k: v for k, v in manifest["imported"].items() if k != "source_approval"},
                },
            )
            return version_entity(service._versions, session, row, model_row, project_row.name)
