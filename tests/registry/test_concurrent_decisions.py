"""Two validators in two processes approve the same request at once, on SQLite and on
PostgreSQL: exactly one decision is recorded, the other validator is told it changed."""

from __future__ import annotations

import pytest

from tests.registry.conftest import VALIDATOR_PASSWORD
from tests.store.test_concurrency import start

pytestmark = [pytest.mark.both_backends, pytest.mark.real_clock]


def test_two_validators_race_to_approve(workspace, team, analyst, registered, monkeypatch):
    from conftest import PASSWORDS

    monkeypatch.setitem(PASSWORDS, "val2", VALIDATOR_PASSWORD)
    workspace.users.add(team["admin"], "val2", "validator", VALIDATOR_PASSWORD)
    workspace.registry.versions.set_stage(analyst, "credit@1", "staging")
    workspace.registry.approvals.request(analyst, "credit@1", note="ready")
    racers = [start(workspace, name, "approve", "credit@1") for name in ("val", "val2")]
    outputs = [racer.communicate(timeout=600) for racer in racers]
    assert all(racer.returncode == 0 for racer in racers), [err for _, err in outputs]
    said = sorted(
        line.split()[0]
        for out, _ in outputs
        for line in out.splitlines()
        if line.startswith(("APPROVED", "REFUSED"))
    )
    assert said == ["APPROVED", "REFUSED"], outputs
    refused = next(out for out, _ in outputs if "REFUSED" in out)
    # which check stops the second depends on how far it got when the first committed:
    # the request is gone, the version moved, or (the first made it the champion) the
    # evidence changed — each refuses, none decides twice
    assert any(
        reason in refused
        for reason in ("no pending request", "changed meanwhile", "evidence for credit@1 changed")
    )
    approvals = workspace.registry.approvals.all(team["admin"])
    assert [a.status for a in approvals] == ["approved"]
    assert workspace.registry.versions.version(team["admin"], "credit@1").stage == "production"
    decided = [e for e in workspace.audit.entries(team["admin"]) if e.action == "registry.approve"]
    assert len(decided) == 1
    assert workspace.audit.verify(team["auditor"]).ok
