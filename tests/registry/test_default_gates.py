"""Governance on by default (issue 19, item 9): in a project of risk tier medium or above a
model cannot reach production with `sex` as an unreviewed feature, with a failing
four-fifths rule on a tagged attribute, or without a complete card — whatever its own
policy says. Only an administrator turns that off, audited, and compliance shows it. The
setting, the tier and the tags are read from the signed log, not the tables."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sqlalchemy import text

from engine.errors import PermissionDenied
from engine.projects import ProjectFields
from engine.registry.gates import parse_policy
from engine.registry.service import GateFailed
from engine.training.spec import RunSpec
from tests.registry.conftest import FAST, VALIDATOR_PASSWORD

pytestmark = pytest.mark.governed


def credit_frame(rows: int = 900, seed: int = 5) -> pd.DataFrame:
    """A credit set, named as public ones are, where approval leans on `sex`."""
    rng = np.random.default_rng(seed)
    sex = rng.choice(["female", "male"], rows)
    income = rng.normal(50, 12, rows).round(1)
    duration = rng.integers(6, 60, rows)
    logit = 0.08 * (income - 50) - 0.02 * (duration - 30) + 1.6 * (sex == "male") - 0.6
    good = (rng.random(rows) < 1 / (1 + np.exp(-logit))).astype(int)
    return pd.DataFrame({"sex": sex, "income": income, "duration": duration, "credit_good": good})


@pytest.fixture
def governed(workspace, admin, analyst, tmp_path):
    """credit_sex@1 imported and a logistic run with `sex` as a feature (nobody tagged it)."""
    path = tmp_path / "credit.csv"
    credit_frame().to_csv(path, index=False)
    workspace.projects.edit(
        admin,
        None,
        ProjectFields(intended_uses="decision support", out_of_scope_uses="automated declines"),
    )
    workspace.data.import_file(analyst, path, "credit_sex")
    run = workspace.training.train(
        analyst, RunSpec("credit_sex@1", "credit_good", model="logistic", test_size=0.3, **FAST)
    )
    assert any("SENSITIVE ATTRIBUTE? 'sex'" in n for n in run.notes)
    version = workspace.registry.versions.register(analyst, run.ref, "credit")
    workspace.registry.versions.set_stage(analyst, version.ref, "staging")  # no default for staging
    return version


def complete_card(workspace, analyst, ref):
    workspace.data.annotations.set_datasheet(analyst, "credit_sex", {"purpose": "test"})
    workspace.governance.cards.save(
        analyst,
        ref,
        {
            "limitations": "synthetic",
            "ethical_considerations": "sex decides too much",
            "monitoring_plan": "monthly",
        },
    )


def test_an_unreviewed_sensitive_feature_and_no_card_keep_a_model_out_of_production(
    workspace, analyst, governed
):
    with pytest.raises(GateFailed) as failed:
        workspace.registry.approvals.request(analyst, governed.ref)
    message = failed.value.message
    assert "sex look(s) like sensitive attributes and nobody has tagged them" in message
    assert "no saved model card" in message
    evidence = workspace.registry.approvals.evidence(analyst, governed.ref)
    assert evidence["policy"]["source"] == "default"
    assert "risk tier medium" in evidence["policy"]["why"]
    assert evidence["sensitive"] == {
        "features_tagged": [],
        "features_unreviewed": ["sex"],
        "tagged": [],
    }


def test_a_tagged_attribute_failing_four_fifths_keeps_it_out_and_the_evidence_shows_it(
    workspace, admin, analyst, governed
):
    workspace.data.annotations.tag(analyst, "credit_sex", "sex", ["sensitive"])
    complete_card(workspace, analyst, governed.ref)  # fairness not assessed yet
    gates = {g.kind: g for g in workspace.registry.gates.check(analyst, governed.ref, "production")}
    assert gates["sensitive_reviewed"].passed
    assert not gates["fairness"].passed and "no fairness report" in gates["fairness"].detail
    workspace.governance.fairness.report(analyst, governed.ref)
    with pytest.raises(
        GateFailed,
        match=r"demographic_parity_ratio of sex ≥ 0.8: "
        r"demographic_parity_ratio is 0\.\d+, 95 % interval",
    ):
        workspace.registry.approvals.request(analyst, governed.ref)
    evidence = workspace.registry.approvals.evidence(analyst, governed.ref)
    [fair] = evidence["fairness"]
    assert fair["attribute"] == "sex" and fair["ratio"] < 0.8 and fair["four_fifths"] is False
    assert fair["low"] <= fair["ratio"] <= fair["high"]
    assert evidence["sensitive"]["features_tagged"] == ["sex"]
    # a weaker policy of the analyst's own does not drop the default gates
    workspace.registry.gates.set_policy(
        analyst,
        "credit",
        parse_policy({"gate": [{"kind": "min_metric", "metric": "roc_auc", "min": 0.5}]}),
    )
    with pytest.raises(GateFailed, match="demographic_parity_ratio of sex"):
        workspace.registry.approvals.request(analyst, governed.ref)
    assert (
        workspace.registry.approvals.evidence(analyst, governed.ref)["policy"]["source"]
        == "model+default"
    )


def test_only_an_administrator_opts_out_audited_and_compliance_shows_it(
    workspace, admin, analyst, validator, governed
):
    with pytest.raises(PermissionDenied):
        workspace.settings.set(analyst, "default_gates", False)
    with pytest.raises(
        PermissionDenied, match="Only an administrator may set a project's risk tier to low"
    ):
        workspace.projects.edit(analyst, None, ProjectFields(risk_tier="low"))
    denied = [e for e in workspace.audit.entries(admin) if e.action == "access.denied"]
    assert denied[-1].details["reason"] == "risk tier low is set by an administrator"
    # an insider edits the tables instead: the signed log still says on, and medium
    with workspace.db.transaction() as session:
        session.execute(
            text("INSERT INTO workspace_settings (name, value) VALUES ('default_gates', 'false')")
        )
        session.execute(text("UPDATE projects SET risk_tier = 'low'"))
    with pytest.raises(GateFailed, match="sex look"):
        workspace.registry.approvals.request(analyst, governed.ref)
    with workspace.db.transaction() as session:
        session.execute(text("DELETE FROM workspace_settings WHERE name = 'default_gates'"))
        session.execute(text("UPDATE projects SET risk_tier = 'medium'"))
    workspace.settings.set(admin, "default_gates", False)
    entry = [e for e in workspace.audit.entries(admin) if e.action == "workspace.settings"][-1]
    assert (entry.target, entry.details) == ("setting:default_gates", {"from": True, "to": False})
    report = workspace.governance.compliance.check(admin)
    found = {r["check"]: r for c in report["controls"] for r in c["results"]}
    gates = found["production_gates"]
    assert (
        gates["status"] == "missing"
        and "turned the default production gates off (admin," in gates["summary"]
    )
    # now nothing stands in the way — and the validator is warned
    approval = workspace.registry.approvals.request(analyst, governed.ref)
    assert approval.evidence["policy"]["source"] == "opted-out"
    assert "turned the default gates off" in approval.evidence["policy"]["why"]
    workspace.registry.approvals.approve(
        validator, governed.ref, password=VALIDATOR_PASSWORD, reason="accepted without gates"
    )


def test_a_low_risk_project_set_by_an_administrator_has_no_default_gates(
    workspace, admin, analyst, governed
):
    workspace.projects.edit(admin, None, ProjectFields(risk_tier="low"))
    assert workspace.registry.gates.check(analyst, governed.ref, "production") == []
    report = workspace.governance.compliance.check(admin)
    found = {r["check"]: r for c in report["controls"] for r in c["results"]}
    assert found["production_gates"]["status"] == "partial"
    assert "Project risk tier low" in found["production_gates"]["summary"]


@pytest.mark.tampers
def test_an_opt_out_signed_by_an_analysts_own_key_is_refused(workspace, admin, analyst, governed):
    """The attack: an analyst with their own key and write access to metadata.db appends a
    well-chained entry "default_gates: true → false" signed by themselves. The gates read
    the setting from the log, so the log's own authority decides: only an administrator's
    key may sign workspace.settings."""
    from engine.errors import IntegrityError

    with workspace.db.transaction() as session:
        workspace.audit_log.append(
            session,
            analyst,
            "workspace.settings",
            "setting:default_gates",
            {"from": True, "to": False},
        )
    with pytest.raises(
        IntegrityError,
        match=r"set setting:default_gates "
        r"\(workspace.settings\) was not signed by a "
        r"user whose role may do that",
    ):
        workspace.registry.approvals.request(analyst, governed.ref)
    assert not workspace.audit.verify(admin).ok  # and `audit verify` names it too
