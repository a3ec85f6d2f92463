"""The model inventory: owner, risk tier, stage, last independent validation, revalidation
due a year later (overdue stands out), open alerts, card and fairness state."""

from __future__ import annotations

from tests.conftest import PASSWORDS


def test_inventory_tracks_validation_revalidation_and_attention(
    workspace, analyst, team, lending_run
):
    version = workspace.registry.versions.register(analyst, lending_run.ref, "lending")
    [row] = workspace.governance.inventory.rows(team["auditor"])
    assert (row.model, row.version, row.stage, row.last_validation) == (
        "lending",
        "lending@1",
        "dev",
        "",
    )
    assert row.card == "none" and "no model card" in row.attention
    workspace.registry.versions.set_stage(analyst, version.ref, "staging")
    workspace.registry.approvals.request(analyst, version.ref)
    workspace.registry.approvals.approve(
        team["validator"],
        version.ref,
        password=PASSWORDS["val"],
        reason="Independent validation done.",
    )
    workspace.governance.fairness.report(analyst, version.ref)
    [row] = workspace.governance.inventory.rows(analyst)
    assert row.stage == "production" and row.validated_by == "val"
    assert row.next_due[:4] == str(int(row.last_validation[:4]) + 1) and not row.overdue
    assert row.fairness_flags >= 1 and "fails the four-fifths rule" in row.attention
    workspace.clock.advance(366 * 86400)
    [row] = workspace.governance.inventory.rows(analyst)
    assert row.overdue and any(a.startswith("revalidation overdue since") for a in row.attention)
    [row] = workspace.governance.inventory.rows(analyst, revalidate_days=800)
    assert not row.overdue
