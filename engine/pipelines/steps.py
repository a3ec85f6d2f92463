"""How each kind of pipeline step runs: through the engine's own services as the acting user,
so every permission check and audit entry holds inside a pipeline too."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from engine.errors import NotFound, ValidationError
from engine.jobs import CancelToken, Progress
from engine.pipelines.definition import (
    spec_of,
)
from engine.pipelines.records import (
    identify_input,
)
from engine.security.actor import Actor
from engine.security.identity import name_key

if TYPE_CHECKING:
    from engine.pipelines.service import PipelineService


def run_step(
    service: PipelineService,
    actor: Actor,
    step: dict[str, Any],
    ctx: dict[str, Any],
    entry: dict[str, Any],
    progress: Progress | None,
    cancel: CancelToken | None,
) -> None:
    kind, project, log, out = step["kind"], ctx["project"], entry["log"], entry["outputs"]
    if kind == "import":
        stored = service._data.import_file(
            actor,
            ctx["file"],
            step["dataset"],
            project=project,
            progress=progress,
            cancel=cancel,
        )
        ctx["dataset"] = out["dataset"] = stored.version.ref
        log.append(
            f"imported {step['file']} as {stored.version.ref}"
            + (" (the same content was already this version)" if stored.existing else "")
            + f": {stored.version.rows:,} rows"
        )
        identify_input(service, actor, ctx, stored.version)
    elif kind == "validate":
        target = step.get("dataset") or ctx["dataset"]
        result = service._data.contracts.validate(
            actor, step["contract"], dataset_ref=target, project=project, cancel=cancel
        )
        log.append(f"{target} against {result.contract}: {'passed' if result.passed else 'failed'}")
        if not result.passed:
            rules = "; ".join(f"{r.rule} ({r.failures} rows)" for r in result.results[:5])
            raise ValidationError(f"{target} does not pass {result.contract}: {rules}.")
        ctx["dataset"] = target
    elif kind == "prepare":
        stored = service._data.prepare(
            actor,
            ctx["dataset"],
            step["recipe"],
            name=step.get("name"),
            project=project,
            progress=progress,
            cancel=cancel,
        )
        ctx["dataset"] = out["dataset"] = stored.version.ref
        log.append(f"prepared {stored.version.ref} with recipe {step['recipe']['name']}")
    elif kind == "train":
        spec = spec_of(step, ctx["dataset"]).check()
        run = service._training.train(
            actor, spec, project=project, progress=progress, cancel=cancel
        )
        ctx["run"] = out["run"] = run.ref
        headline = run.headline()
        log.append(
            f"trained {run.ref} ({run.model} on {run.dataset}): {run.primary} "
            f"{headline.get(run.primary)}"
        )
    elif kind == "evaluate":
        report_ = service._registry.tests.on_run(
            actor, ctx["run"], step["suite"], dataset=ctx["dataset"], project=project
        )
        for result in report_.checks:
            log.append(f"[{'pass' if result.passed else 'FAIL'}] {result.name} — {result.detail}")
        ctx["tests"][name_key(report_.suite)] = {
            "passed": report_.passed,
            "failures": report_.failures,
            "id": "this pipeline run",
        }
        ctx["suites"].append(step["suite"])
        out["suite"] = report_.suite
        if not report_.passed:
            raise ValidationError(f"Suite {report_.suite}: {report_.failures} checks failed.")
    elif kind == "gate":
        stage = step.get("stage", "staging")
        try:
            gates = service._registry.gates.check_candidate(
                actor, step["model"], ctx["run"], stage, tests=ctx["tests"], project=project
            )
        except NotFound:
            log.append(f"{step['model']} is not registered yet: no gates apply")
            return
        for gate in gates:
            log.append(f"[{'pass' if gate.passed else 'FAIL'}] {gate.gate} — {gate.detail}")
        failing = [g for g in gates if not g.passed]
        if failing:
            raise ValidationError(
                f"{len(failing)} {stage} gates of {step['model']} fail: "
                + "; ".join(f"{g.gate}: {g.detail}" for g in failing)
            )
    elif kind == "register":
        version = service._registry.versions.register(
            actor,
            ctx["run"],
            step["model"],
            description=step.get("description", ""),
            project=project,
        )
        ctx["version"] = out["version"] = version.ref
        log.append(f"registered {ctx['run']} as {version.ref}")
        for suite in ctx["suites"]:  # keep the reports with the version (tests gates)
            stored = service._registry.tests.run(
                actor, version.ref, suite, dataset=ctx["dataset"], project=project
            )
            log.append(
                f"stored suite {stored.suite} on {version.ref}: "
                f"{'passed' if stored.passed else 'failed'}"
            )
    elif kind == "promote":
        moved = service._registry.versions.set_stage(
            actor, ctx["version"], "staging", reason="pipeline", project=project
        )
        log.append(f"{moved.version.ref}: {moved.from_stage} → staging")
    elif kind == "request":
        approval = service._registry.approvals.request(
            actor, ctx["version"], note=step.get("note", ""), project=project
        )
        out["approval"] = approval.id
        log.append(f"requested production for {approval.version}")
