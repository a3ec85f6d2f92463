"""The registry's gates: a model's gate policy, and its gates evaluated on a registered
version or on a run before it is registered (engine/registry/gates.py evaluates them)."""

from __future__ import annotations

from typing import Any

from engine.registry.entities import (
    RegisteredModel,
)
from engine.registry.gate_inputs import gate_context, gate_context_of
from engine.registry.gates import GateResult, Policy
from engine.registry.parts import Part
from engine.registry.rows import model_entity
from engine.security.actor import Actor
from engine.security.identity import name_key


class GateService(Part):
    def set_policy(
        self, actor: Actor, name: str, policy: Policy, project: str | None = None
    ) -> RegisteredModel:
        """Replace a model's gate policy (an empty policy removes every gate)."""
        with self._access.change(actor, "registry.edit", f"model:{name}") as session:
            row, project_name = self._versions.find_model(session, name, project)
            old = row.policy_hash
            row.policy, row.policy_hash = policy.as_text(), policy.hash
            self._audit.append(
                session,
                actor,
                "registry.policy",
                f"model:{row.id}",
                {
                    "model": row.name,
                    "gates": len(policy.gates),
                    "policy_sha256": policy.hash,
                    "previous_sha256": old,
                },
            )
            return model_entity(self._versions, session, row, project_name)

    def check(
        self, actor: Actor, ref: str, stage: str, project: str | None = None
    ) -> list[GateResult]:
        """The model's gates for `stage`, evaluated on the version as it is now."""
        version = self._versions.version(actor, ref, project)
        model = self._versions.model(actor, version.model, project)
        policy = self._versions.policy_for(actor, version, model)[0]
        return policy.evaluate(stage, gate_context_of(self._versions, actor, version, model))

    def check_candidate(
        self,
        actor: Actor,
        name: str,
        run_ref: str,
        stage: str,
        *,
        tests: dict[str, dict[str, Any]] | None = None,
        project: str | None = None,
    ) -> list[GateResult]:
        """The gates `stage` of model `name` would apply to a run not registered yet (a
        pipeline checks them before it registers anything). `tests` holds suite reports
        made on the run's model, by suite name."""
        model = self._versions.model(actor, name, project)
        run = self._training.run(actor, run_ref, project)
        version = self._data.version(actor, run.dataset, project)
        known = tests or {}
        context = gate_context(
            self._versions,
            actor,
            model,
            0,
            run.task,
            run.headline(),
            version.id,
            version.ref,
            model.project,
            lambda suite: known.get(name_key(suite)),
        )
        return model.policy.evaluate(stage, context)
