"""The DPIA record: a versioned, audited questionnaire; training on data tagged personal
needs the project's completed DPIA unless the setting is off."""

from __future__ import annotations

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from engine.errors import IntegrityError, PermissionDenied, ValidationError
from engine.governance.dpia import questionnaire
from engine.store.schema import DpiaRow
from engine.training.spec import RunSpec

FAST = {"learning_curve": False, "n_jobs": 1, "explain": False, "folds": 3}


def complete_answers() -> dict[str, str]:
    answers = {q["id"]: f"answer to {q['id']}" for q in questionnaire()["questions"]}
    answers["residual_risk"] = "Medium"
    return answers


@pytest.fixture
def personal(workspace, team, tmp_path):
    analyst = team["analyst"]
    rows = 300
    path = tmp_path / "p.parquet"
    pq.write_table(
        pa.table(
            {
                "email": [f"p{i}@example.org" for i in range(rows)],
                "age": [20 + i % 40 for i in range(rows)],
                "bought": ["yes" if i % 3 else "no" for i in range(rows)],
            }
        ),
        path,
    )
    workspace.data.import_file(analyst, path, "shoppers")
    workspace.data.annotations.tag(analyst, "shoppers", "email", ["personal"])
    return analyst


def train(workspace, analyst):
    return workspace.training.train(
        analyst, RunSpec(dataset="shoppers@1", target="bought", model="logistic", **FAST)
    )


def test_training_on_personal_data_needs_a_complete_dpia(workspace, team, personal):
    with pytest.raises(
        ValidationError,
        match=r"shoppers@1 holds personal data \(email\) and "
        r"project 'default' has no DPIA",
    ):
        train(workspace, personal)
    partial = workspace.governance.dpia.save(personal, {"processing": "Scoring shoppers."})
    assert not partial.complete and "purposes" in partial.missing and partial.number == 1
    with pytest.raises(ValidationError, match=r"incomplete DPIA \(version 1: 11 required"):
        train(workspace, personal)
    done = workspace.governance.dpia.save(personal, complete_answers())
    assert done.complete and done.number == 2 and done.answers["residual_risk"] == "medium"
    assert train(workspace, personal).status == "finished"
    assert [d.number for d in workspace.governance.dpia.history(team["auditor"])] == [2, 1]
    entries = [e for e in workspace.audit.entries(team["admin"]) if e.action == "governance.dpia"]
    assert [(e.details["number"], e.details["complete"]) for e in entries] == [
        (1, False),
        (2, True),
    ]
    assert entries[1].details["sha256"] == done.sha256


def test_the_requirement_can_be_turned_off_and_untagged_data_needs_none(workspace, team, personal):
    workspace.settings.set(team["admin"], "require_dpia", False)
    assert train(workspace, personal).status == "finished"
    workspace.settings.set(team["admin"], "require_dpia", True)
    workspace.data.annotations.tag(personal, "shoppers", "email", [])
    assert train(workspace, personal).status == "finished"
    with pytest.raises(ValidationError, match="true or false"):
        workspace.settings.set(team["admin"], "require_dpia", "maybe")


def test_bad_answers_are_refused(workspace, team):
    analyst = team["analyst"]
    with pytest.raises(ValidationError, match="no question colour"):
        workspace.governance.dpia.save(analyst, {"colour": "blue"})
    with pytest.raises(ValidationError, match="residual_risk' is one of low, medium, high"):
        workspace.governance.dpia.save(analyst, {"residual_risk": "tiny"})
    with pytest.raises(ValidationError, match="must be text"):
        workspace.governance.dpia.save(analyst, {"risks": 3})
    with pytest.raises(PermissionDenied):
        workspace.governance.dpia.save(team["validator"], complete_answers())
    assert workspace.governance.dpia.current(analyst) is None


def test_a_dpia_changed_outside_airlock_is_detected(workspace, team):
    workspace.governance.dpia.save(team["analyst"], complete_answers())
    with workspace.db.transaction() as session:
        row = session.query(DpiaRow).one()
        row.answers = row.answers.replace("answer to risks", "no risks")
    with pytest.raises(IntegrityError, match="does not match its recorded SHA-256"):
        workspace.governance.dpia.history(team["auditor"])
