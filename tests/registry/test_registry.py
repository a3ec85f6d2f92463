"""Registry: registration, immutability, gates, four-eyes approval bound to evidence,
rollback, loading checks, champion/challenger, scoring input checks."""

from __future__ import annotations

import json

import pandas as pd
import pyarrow.parquet as pq
import pytest
from sqlalchemy import text

from engine.errors import (
    AlreadyExists,
    IntegrityError,
    PermissionDenied,
    ValidationError,
    WrongPassword,
)
from engine.registry.gates import parse_policy
from engine.registry.service import GateFailed
from tests.registry.conftest import VALIDATOR_PASSWORD, train
from tests.training.conftest import loans_table


def entries(workspace, admin, action):
    return [e for e in workspace.audit.entries(admin) if e.action == action]


def to_production(workspace, analyst, validator, ref):
    workspace.registry.versions.set_stage(analyst, ref, "staging")
    workspace.registry.approvals.request(analyst, ref, note="ready")
    return workspace.registry.approvals.approve(
        validator, ref, password=VALIDATOR_PASSWORD, reason="reviewed the evidence"
    )


def sql(workspace, statement, **params):
    with workspace.db.transaction() as session:
        session.execute(text(statement), params)


def test_registration_records_signature_lineage_metrics_and_hash(
    workspace, admin, analyst, run, registered
):
    v = registered
    assert (v.ref, v.stage, v.registered_by, v.trained_by) == ("credit@1", "dev", "ana", "ana")
    # the manifest names the plain SHA-256 (bundles are checked with it) and this
    # workspace's keyed object name
    assert v.model_object == run.model_object_id != v.model_sha256
    assert v.model_sha256 == workspace.objects.sha256(analyst, run.model_object_id)
    inputs = {c["name"]: c for c in v.signature["inputs"]}
    assert inputs["city"]["kind"] == "text"
    assert inputs["city"]["categories"] == ["Dammam", "Jeddah", "Riyadh"]
    assert inputs["age"]["kind"] == "integer" and "default" not in inputs
    assert v.signature["output"]["classes"] == [0, 1]
    assert v.metrics["roc_auc"] == run.metrics["test"]["roc_auc"]
    assert v.lineage["run_ref"] == "default#1" and v.lineage["dataset_ref"] == "loans@1"
    assert v.lineage["dataset_hash"] == run.dataset_hash
    assert "scikit-learn" in v.manifest["packages"]
    [entry] = entries(workspace, admin, "registry.register")
    assert entry.details["version"] == "credit@1"
    assert entry.details["model_object"] == run.model_object_id
    assert "model_sha256" not in entry.details
    with pytest.raises(AlreadyExists, match="already version 1 of credit"):
        workspace.registry.versions.register(analyst, run.ref, "credit")
    second = workspace.registry.versions.register(analyst, train(workspace, analyst).ref, "credit")
    assert second.version == 2


def test_only_stage_tags_and_description_change_and_each_is_audited(
    workspace, admin, analyst, registered
):
    edited = workspace.registry.versions.edit(
        analyst, "credit@1", description="first model", tags={"owner": "risk"}
    )
    assert edited.description == "first model" and edited.tags == {"owner": "risk"}
    assert edited.manifest == registered.manifest
    [entry] = entries(workspace, admin, "registry.edit")
    assert entry.details["tags"]["owner"] == {"from": None, "to": "risk"}
    with pytest.raises(ValidationError, match="Nothing to change"):
        workspace.registry.versions.edit(analyst, "credit@1", description="first model")


def test_full_promotion_flow_across_three_users(workspace, admin, analyst, validator, registered):
    with pytest.raises(ValidationError, match="needs a validator's approval"):
        workspace.registry.versions.set_stage(analyst, "credit@1", "production")
    with pytest.raises(ValidationError, match="only a staging version"):
        workspace.registry.approvals.request(analyst, "credit@1")
    workspace.registry.versions.set_stage(analyst, "credit@1", "staging")
    request = workspace.registry.approvals.request(analyst, "credit@1", note="please review")
    assert request.status == "pending" and request.requested_by == "ana"
    assert [a.version for a in workspace.registry.approvals.awaiting(validator)] == ["credit@1"]
    assert workspace.registry.approvals.awaiting(analyst) == []
    with pytest.raises(PermissionDenied, match=r"analyst.*approve or reject another person"):
        workspace.registry.approvals.approve(
            analyst, "credit@1", password="analyst password 1", reason="mine"
        )
    with pytest.raises(ValidationError, match="Give a reason"):
        workspace.registry.approvals.approve(
            validator, "credit@1", password=VALIDATOR_PASSWORD, reason=" "
        )
    with pytest.raises(WrongPassword):
        workspace.registry.approvals.approve(validator, "credit@1", password="wrong", reason="ok")
    assert (
        entries(workspace, admin, "auth.fail")[-1].details["reason"]
        == "wrong password when confirming"
    )
    decided = workspace.registry.approvals.approve(
        validator, "credit@1", password=VALIDATOR_PASSWORD, reason="metrics and lineage reviewed"
    )
    assert decided.status == "approved" and decided.decided_by == "val"
    model = workspace.registry.versions.model(analyst, "credit")
    assert model.production.ref == "credit@1"
    check = workspace.registry.approvals.check_approval(analyst, "credit@1")
    assert check.valid and "approved by val" in check.detail
    [entry] = entries(workspace, admin, "registry.approve")
    assert entry.user_id == validator.user_id and entry.details["password_confirmed"]
    assert entry.details["evidence_sha256"] == request.evidence_hash
    # the decision is signed by the validator's key over the evidence hash
    with workspace.db.reading() as session:
        decision = json.loads(session.execute(text("select decision from approvals")).scalar())
    assert decision["evidence_sha256"] == request.evidence_hash
    assert decision["validator"] == validator.user_id
    # a second version replaces the first; the first is archived
    v2 = workspace.registry.versions.register(
        analyst, train(workspace, analyst, seed=7).ref, "credit"
    )
    to_production(workspace, analyst, validator, v2.ref)
    stages = {v.ref: v.stage for v in workspace.registry.versions.model(analyst, "credit").versions}
    assert stages == {"credit@1": "archived", "credit@2": "production"}
    history = workspace.registry.versions.history(analyst, "credit")
    assert [(h.version, h.to_stage) for h in history] == [
        (1, "dev"),
        (1, "staging"),
        (1, "production"),
        (2, "dev"),
        (2, "staging"),
        (1, "archived"),
        (2, "production"),
    ]


def test_the_trainer_may_not_approve_their_own_version_and_the_attempt_is_audited(
    workspace, admin, analyst, registered
):
    workspace.registry.versions.set_stage(analyst, "credit@1", "staging")
    workspace.registry.approvals.request(analyst, "credit@1")
    # the analyst who trained it becomes a validator: still not allowed to approve it
    workspace.users.set_role(admin, "ana", "validator")
    ana = workspace.login("ana", "analyst password 1")
    with pytest.raises(PermissionDenied, match="you trained this version"):
        workspace.registry.approvals.approve(
            ana, "credit@1", password="analyst password 1", reason="looks good to me"
        )
    denied = entries(workspace, admin, "access.denied")[-1]
    assert denied.details["action"] == "registry.approve"
    assert "four-eyes" in denied.details["reason"]
    assert workspace.registry.versions.model(admin, "credit").production is None
    assert workspace.registry.approvals.awaiting(ana) == []


def test_the_requester_may_not_approve_either(workspace, admin, team, analyst, run):
    # an administrator registers and requests; then becomes... no: a second analyst
    # requests a version trained by the first, and is later made a validator
    workspace.users.add(admin, "bob", "analyst", "bob password 12")
    bob = workspace.login("bob", "bob password 12")
    workspace.registry.versions.register(bob, run.ref, "credit")
    workspace.registry.versions.set_stage(bob, "credit@1", "staging")
    workspace.registry.approvals.request(bob, "credit@1")
    workspace.users.set_role(admin, "bob", "validator")
    bob = workspace.login("bob", "bob password 12")
    with pytest.raises(PermissionDenied, match="you requested this promotion"):
        workspace.registry.approvals.approve(
            bob, "credit@1", password="bob password 12", reason="ok"
        )


def test_an_approval_is_bound_to_the_evidence(workspace, admin, analyst, validator, registered):
    workspace.registry.versions.set_stage(analyst, "credit@1", "staging")
    workspace.registry.approvals.request(analyst, "credit@1")
    # the policy changes between the request and the decision: the evidence differs
    workspace.registry.gates.set_policy(
        analyst,
        "credit",
        parse_policy({"gate": [{"kind": "min_metric", "metric": "roc_auc", "min": 0.5}]}),
    )
    with pytest.raises(
        ValidationError,
        match=r"evidence for credit@1 changed since it was "
        r"requested \(gates, policy, policy_sha256\)",
    ):
        workspace.registry.approvals.approve(
            validator, "credit@1", password=VALIDATOR_PASSWORD, reason="ok"
        )
    workspace.registry.approvals.withdraw(analyst, "credit@1", reason="policy changed")
    workspace.registry.approvals.request(analyst, "credit@1")
    workspace.registry.approvals.approve(
        validator, "credit@1", password=VALIDATOR_PASSWORD, reason="ok"
    )
    assert workspace.registry.approvals.check_approval(analyst, "credit@1").valid
    # someone edits the stored evidence after the decision: the approval no longer holds
    with workspace.db.reading() as session:
        evidence = session.execute(
            text("select evidence from approvals where status='approved'")
        ).scalar()
    changed = evidence.replace('"roc_auc":0.', '"roc_auc":0.9', 1)
    assert changed != evidence
    sql(workspace, "update approvals set evidence=:e where status='approved'", e=changed)
    check = workspace.registry.approvals.check_approval(analyst, "credit@1")
    assert not check.valid and "evidence differs from what the validator signed" in check.detail
    with pytest.raises(IntegrityError, match="production version is not loaded"):
        workspace.registry.versions.load(analyst, "credit@production")
    # ... and so does a forged decision
    sql(workspace, "update approvals set evidence=:e where status='approved'", e=evidence)
    assert workspace.registry.approvals.check_approval(analyst, "credit@1").valid
    sql(
        workspace,
        "update approvals set decision=replace(decision, :a, :b)",
        a='"reason":"ok"',
        b='"reason":"OK"',
    )
    assert (
        "signature does not match"
        in workspace.registry.approvals.check_approval(analyst, "credit@1").detail
    )


def test_gates_block_staging_and_production_and_say_why(
    workspace, admin, analyst, validator, registered
):
    policy = parse_policy(
        {
            "gate": [
                {"kind": "min_metric", "metric": "roc_auc", "min": 0.99},
                {"kind": "contract", "contract": "loans_rules", "stages": ["production"]},
            ]
        }
    )
    workspace.registry.gates.set_policy(analyst, "credit", policy)
    with pytest.raises(GateFailed, match=r"roc_auc ≥ 0.99: roc_auc is 0\.\d{4}") as failed:
        workspace.registry.versions.set_stage(analyst, "credit@1", "staging")
    assert [g.passed for g in failed.value.gates] == [False]
    assert workspace.registry.versions.version(analyst, "credit@1").stage == "dev"
    workspace.registry.gates.set_policy(
        analyst,
        "credit",
        parse_policy(
            {
                "gate": [
                    {"kind": "min_metric", "metric": "roc_auc", "min": 0.6},
                    {"kind": "contract", "contract": "loans_rules", "stages": ["production"]},
                ]
            }
        ),
    )
    transition = workspace.registry.versions.set_stage(analyst, "credit@1", "staging")
    assert [g.passed for g in transition.gates] == [True]
    with pytest.raises(GateFailed, match="never validated against loans_rules"):
        workspace.registry.approvals.request(analyst, "credit@1")
    contract = workspace.data.contracts.infer(analyst, "loans@1")
    workspace.data.contracts.save(analyst, "loans_rules", contract)
    workspace.data.contracts.validate(analyst, "loans_rules", dataset_ref="loans@1")
    gates = workspace.registry.gates.check(analyst, "credit@1", "production")
    assert all(g.passed for g in gates) and "passed loans_rules@1" in gates[1].detail
    to_approve = workspace.registry.approvals.request(analyst, "credit@1")
    assert [g["passed"] for g in to_approve.evidence["gates"]] == [True, True]
    # max drop against the champion
    workspace.registry.approvals.approve(
        validator, "credit@1", password=VALIDATOR_PASSWORD, reason="ok"
    )
    workspace.registry.gates.set_policy(
        analyst,
        "credit",
        parse_policy({"gate": [{"kind": "max_drop", "metric": "roc_auc", "max_drop": 0.0}]}),
    )
    weak = workspace.registry.versions.register(
        analyst,
        train(workspace, analyst, model="decision_tree", params={"max_depth": 1}).ref,
        "credit",
    )
    with pytest.raises(GateFailed, match=r"against production \(version 1\)"):
        workspace.registry.versions.set_stage(analyst, weak.ref, "staging")


def test_policy_files_are_checked(tmp_path):
    from engine.registry.gates import load_policy

    bad = tmp_path / "policy.toml"
    bad.write_text('[[gate]]\nkind = "min_metric"\nmetric = "roc_auc"\nmin = "high"\n')
    with pytest.raises(ValidationError, match="gate 1 'min' must be a number"):
        load_policy(bad)
    bad.write_text('[[gate]]\nkind = "fairness_magic"\n')
    with pytest.raises(
        ValidationError,
        match="kind 'fairness_magic'; the kinds are card, contract, fairness, max_drop",
    ):
        load_policy(bad)
    bad.write_text('[[gate]]\nkind = "max_drop"\nmetric = "roc_auc"\n')
    with pytest.raises(ValidationError, match="needs 'max_drop'"):
        load_policy(bad)
    bad.write_text('[[gate]]\nkind = "contract"\ncontract = "x"\nstages = ["dev"]\n')
    with pytest.raises(ValidationError, match="'stages' must list staging"):
        load_policy(bad)
    bad.write_text("[[gate]\n")
    with pytest.raises(ValidationError, match="not valid TOML"):
        load_policy(bad)


def test_rollback_restores_the_previous_production_version(
    workspace, admin, analyst, validator, registered
):
    with pytest.raises(ValidationError, match="no production version"):
        workspace.registry.approvals.rollback(validator, "credit", reason="x")
    to_production(workspace, analyst, validator, "credit@1")
    with pytest.raises(ValidationError, match="first production version"):
        workspace.registry.approvals.rollback(validator, "credit", reason="bad")
    v2 = workspace.registry.versions.register(
        analyst, train(workspace, analyst, seed=11).ref, "credit"
    )
    to_production(workspace, analyst, validator, v2.ref)
    with pytest.raises(PermissionDenied):
        workspace.registry.approvals.rollback(analyst, "credit", reason="scores look wrong")
    back = workspace.registry.approvals.rollback(validator, "credit", reason="scores look wrong")
    assert back.version.ref == "credit@1" and back.to_stage == "production"
    stages = {v.ref: v.stage for v in workspace.registry.versions.model(analyst, "credit").versions}
    assert stages == {"credit@1": "production", "credit@2": "archived"}
    [entry] = entries(workspace, admin, "registry.rollback")
    assert (entry.details["from_version"], entry.details["to_version"]) == (2, 1)
    assert workspace.registry.versions.load(analyst, "credit")[0].ref == "credit@1"


def test_loading_refuses_an_altered_manifest_or_model_pointer(workspace, analyst, registered):
    from engine.audit.canonical import canonical_json

    version, model = workspace.registry.versions.load(analyst, "credit@1")
    assert hasattr(model, "predict_proba")
    # the manifest is sealed: an edited byte does not authenticate
    sql(
        workspace,
        "update model_versions set manifest=substr(manifest, 1, 40) || "
        "(case substr(manifest, 41, 1) when 'A' then 'B' else 'A' end) || "
        "substr(manifest, 42)",
    )
    with pytest.raises(
        IntegrityError,
        match=r"model_versions/mv_\w+/manifest does not "
        "authenticate",
    ):
        workspace.registry.versions.load(analyst, "credit@1")
    # written back in plaintext (as before sealing) with a better score: the signature
    altered = dict(version.manifest, metrics=dict(version.metrics, roc_auc=0.99))
    sql(workspace, "update model_versions set manifest=:m", m=canonical_json(altered).decode())
    with pytest.raises(IntegrityError, match="signature of credit@1 does not match its manifest"):
        workspace.registry.versions.load(analyst, "credit@1")
    with pytest.raises(IntegrityError):
        workspace.registry.deploy.score(analyst, "credit@1", "x.csv", "y.csv")


def test_loading_refuses_a_swapped_model_object(workspace, analyst, registered):
    other = train(workspace, analyst, model="decision_tree")
    sql(workspace, "update model_versions set model_object_id=:o", o=other.model_object_id)
    with pytest.raises(IntegrityError, match="points at a different model file"):
        workspace.registry.versions.load(analyst, "credit@1")


def write(frame: pd.DataFrame, path):
    frame.to_csv(path, index=False)
    return path


def test_scoring_writes_predictions_and_probabilities_and_is_audited(
    workspace, admin, analyst, registered, tmp_path
):
    source = write(loans_table(40, seed=21).to_pandas(), tmp_path / "in.csv")
    result = workspace.registry.deploy.score(
        analyst, "credit@1", source, tmp_path / "out.csv", decimals=2, keep="scored_loans"
    )
    out = pd.read_csv(tmp_path / "out.csv")
    assert len(out) == 40 and result.columns == ("prediction", "probability_0", "probability_1")
    assert (out["probability_0"] + out["probability_1"]).round(6).between(0.98, 1.02).all()
    assert (out["probability_1"] == out["probability_1"].round(2)).all()
    _, model = workspace.registry.versions.load(analyst, "credit@1")
    frame = loans_table(40, seed=21).to_pandas()
    assert list(out["prediction"]) == list(model.predict(frame))
    assert result.kept == "scored_loans@1"
    kept = workspace.data.read_table(analyst, "scored_loans@1").to_pandas()
    assert list(kept["prediction"]) == list(out["prediction"])
    [entry] = entries(workspace, admin, "registry.score")
    assert entry.details["rows"] == 40 and entry.details["kept_as"] == "scored_loans@1"
    # parquet output too
    workspace.registry.deploy.score(analyst, "credit@1", source, tmp_path / "out.parquet")
    assert pq.read_table(tmp_path / "out.parquet").num_rows == 40


def test_scoring_input_mismatches_get_clear_messages_and_write_nothing(
    workspace, analyst, registered, tmp_path
):
    frame = loans_table(30, seed=5).to_pandas()
    out = tmp_path / "out.csv"
    missing = write(frame.drop(columns=["debt"]), tmp_path / "missing.csv")
    with pytest.raises(ValidationError, match="no column 'debt', which credit@1 needs"):
        workspace.registry.deploy.score(analyst, "credit@1", missing, out)
    typed = frame.astype({"income": object})
    typed.loc[3, "income"] = "unknown"
    with pytest.raises(
        ValidationError,
        match="Column 'income' must hold numbers for credit@1; row 4 holds 'unknown'",
    ):
        workspace.registry.deploy.score(analyst, "credit@1", write(typed, tmp_path / "t.csv"), out)
    unseen = frame.copy()
    unseen.loc[[0, 1], "city"] = "Mecca"
    path = write(unseen, tmp_path / "unseen.csv")
    with pytest.raises(
        ValidationError, match="categories credit@1 never saw in training — city: 'Mecca'"
    ):
        workspace.registry.deploy.score(analyst, "credit@1", path, out, strict=True)
    assert not out.exists()
    with pytest.raises(ValidationError, match=r"\.csv or \.parquet"):
        workspace.registry.deploy.score(analyst, "credit@1", path, tmp_path / "out.xlsx")
    result = workspace.registry.deploy.score(analyst, "credit@1", path, out)
    assert result.unseen == {"city": {"Mecca": 2}}
    assert "scored as unknown" in result.notes[0]
    assert len(pd.read_csv(out)) == 30
    assert not list(tmp_path.glob("*.tmp*"))


def test_champion_challenger_on_a_chosen_dataset_version(workspace, analyst, validator, registered):
    to_production(workspace, analyst, validator, "credit@1")
    challenger = workspace.registry.versions.register(
        analyst,
        train(workspace, analyst, model="random_forest", params={"n_estimators": 30}).ref,
        "credit",
    )
    result = workspace.registry.deploy.champion_challenger(analyst, "credit", "2", "loans@1")
    assert result.champion.version == "credit@1"
    assert result.challenger.version == challenger.ref
    assert result.primary == "roc_auc" and result.champion.rows == 600
    a = result.champion.metrics["roc_auc"]
    b = result.challenger.metrics["roc_auc"]
    assert result.winner == (challenger.ref if b > a else "credit@1")


def test_an_auditor_reads_but_changes_nothing(workspace, team, registered):
    auditor = team["auditor"]
    assert workspace.registry.versions.model(auditor, "credit").versions[0].ref == "credit@1"
    for call in (
        lambda: workspace.registry.versions.set_stage(auditor, "credit@1", "staging"),
        lambda: workspace.registry.versions.edit(auditor, "credit@1", description="x"),
        lambda: workspace.registry.versions.register(auditor, "default#1", "other"),
    ):
        with pytest.raises(PermissionDenied):
            call()
