"""What a model card says, section by section, from the evidence the workspace holds (training,
data, evaluation, fairness, monitoring, security), and what it still lacks."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from engine.security.actor import Actor

if TYPE_CHECKING:
    from engine.governance.card_service import CardService


def card_sections(
    service: CardService, actor: Actor, version: Any, project: str | None
) -> dict[str, Any]:
    manifest, lineage = version.manifest, version.lineage
    project_row = project_info(service, actor, version.project)
    dataset_ref = lineage.get("dataset_ref", "")
    datasheet: dict[str, Any] = {}
    rows = None
    sheets = {}  # version id -> (ref, the dataset's datasheet, parents)
    for dataset in service._data.datasets(actor, version.project):
        for stored in dataset.versions:
            sheets[stored.id] = (stored.ref, dict(dataset.datasheet), stored.parents)
            if stored.ref == dataset_ref:
                datasheet, rows = dict(dataset.datasheet), stored.rows
    inherited = ""
    current = next((k for k, v in sheets.items() if v[0] == dataset_ref), None)
    while not datasheet.get("purpose") and current and sheets[current][2]:
        current = sheets[current][2][0]  # a prepared version: its source's datasheet
        if current not in sheets:
            break
        inherited, datasheet = sheets[current][0], sheets[current][1]
    run = None
    if lineage.get("run_ref") and manifest.get("workspace") == service._registry.workspace_id:
        run = service._training.run(actor, lineage["run_ref"], project)
    importance: list[str] = []
    if run is not None and run.artifacts_object_id:
        found = service._training.artifacts(actor, run).get("importance") or {}
        importance = [
            f"{name} ({value:.4f})"
            for name, value in list(
                dict(zip(found.get("features", []), found.get("mean", []), strict=False)).items()
            )[:8]
        ]
    fairness: dict[str, Any] = {}
    reports = service._fairness.reports(actor, version.ref, project=project)
    if reports:
        newest = reports[0]
        fairness = {
            "report": newest.id,
            "attributes": list(newest.attributes),
            "flags": newest.report.flags or ["no four-fifths flag"],
            "parity_ratios": {
                d.attribute: d.demographic_parity_ratio for d in newest.report.disparities
            },
        }
    else:  # a card is complete without a report only where none can be made
        from engine.registry.gates import FAIRNESS_TASKS

        tagged = [
            c
            for c, t in service._registry.versions.dataset_tags(actor, version).items()
            if "sensitive" in t
        ]
        if manifest.get("task") not in FAIRNESS_TASKS:
            fairness = {
                "not_applicable": f"fairness is assessed for binary and "
                f"regression models, not {manifest.get('task')}"
            }
        elif not tagged:
            fairness = {"not_applicable": f"no column of {dataset_ref} is tagged sensitive"}
    criteria = [c.text() for c in project_row.success_criteria] if project_row else []
    history = [
        f"{e.time[:10]} {e.from_stage or '—'} → {e.to_stage} by {e.by}"
        + (f" ({e.reason})" if e.reason else "")
        for e in service._registry.versions.history(actor, version.model, project)
        if e.version == version.version
    ]
    approvals = [
        f"{a.status} by {a.decided_by or '—'}: {a.reason or a.note}"
        for a in service._registry.approvals.all(actor, project=project)
        if a.version == version.ref
    ]
    monitors = [
        m.name
        for m in service._monitors.monitors(actor, project)
        if m.watches(version.model, version.ref, dataset_ref)
    ]
    return {
        "details": {
            "model": version.model,
            "version": version.version,
            "stage": version.stage,
            "algorithm": manifest.get("algorithm", ""),
            "task": manifest.get("task", ""),
            "target": manifest.get("target", ""),
            "description": version.description,
            "trained_by": version.trained_by,
            "registered": version.registered,
            "registered_by": version.registered_by,
            "model_sha256": version.model_sha256,
            "run": lineage.get("run_ref"),
            "project": version.project,
            "risk_tier": project_row.risk_tier if project_row else "",
        },
        "intended_use": {
            "objective": project_row.objective if project_row else "",
            "decision": project_row.decision if project_row else "",
            "intended_uses": project_row.intended_uses if project_row else "",
            "out_of_scope_uses": project_row.out_of_scope_uses if project_row else "",
        },
        "training_data": {
            "dataset": dataset_ref,
            "rows": rows,
            "datasheet_of": inherited or dataset_ref,
            "content_hash": lineage.get("dataset_hash", ""),
            **{
                k: datasheet.get(k, "")
                for k in (
                    "purpose",
                    "source",
                    "owner",
                    "legal_basis",
                    "personal_data",
                    "sensitive_attributes",
                    "collection_period",
                    "retention_period",
                )
            },
        },
        "evaluation": {
            "metrics": {k: v for k, v in version.metrics.items() if v is not None},
            "primary": manifest.get("primary", ""),
            "success_criteria": criteria,
        },
        "fairness": fairness,
        "explanations": {"permutation_importance": importance},
        "governance": {"history": history, "approvals": approvals},
        "monitoring": {"monitors": monitors},
        "security": security_section(service, actor, run) if run is not None else {},
    }


def security_section(service: CardService, actor: Actor, run: Any) -> dict[str, Any]:
    """Attack-risk checks of the run's model (computed once per run and kept)."""
    cache: dict[str, Any] = service.__dict__.setdefault("_attack_cache", {})
    if run.id in cache:
        return dict(cache[run.id])
    import numpy as np

    from engine.governance import attacks

    found: dict[str, Any] = {}
    try:
        model = service._training.load_model(actor, run)
        prepared, kept, _tags = service._training.prepared(actor, run)
        columns = list(model.feature_names_in_)
        frame = prepared.X.copy()
        for column in columns:  # a mitigated model also reads a sensitive column
            if column not in frame.columns:
                frame[column] = kept[column].to_numpy()
        test, y = prepared.test, prepared.y.to_numpy()
        X_train, X_test = frame[~test][columns], frame[test][columns]
        advantage = attacks.membership_advantage(
            model, X_train, y[~test], X_test, y[test], run.task
        )

        def metric(m: Any, X: Any, truth: Any) -> float | None:
            predicted = np.asarray(m.predict(X))
            if run.task == "regression":
                return float(
                    np.sqrt(
                        np.mean((predicted.astype(float) - np.asarray(truth, dtype=float)) ** 2)
                    )
                )
            return float(np.mean(predicted == np.asarray(truth)))

        clean, noisy = (
            attacks.robustness(model, X_test, y[test], run.task, metric)
            if test.any()
            else (None, None)
        )
        name = "rmse" if run.task == "regression" else "accuracy"
        found = {
            "membership_inference_advantage": advantage,
            "membership_inference_risk": None
            if advantage is None
            else ("high" if advantage > attacks.MIA_RISK else "low"),
            f"{name}_clean": clean,
            f"{name}_with_10pct_noise": noisy,
        }
    except Exception as exc:  # reported, never fatal for the card
        found = {"not_assessed": f"{type(exc).__name__}: {exc}"[:200]}
    cache[run.id] = found
    return dict(found)


def project_info(service: CardService, actor: Actor, name: str) -> Any:
    return service._projects.get(actor, name)
