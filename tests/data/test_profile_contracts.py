"""Profiles, and data contracts: infer, version, validate versions and files lazily."""

from __future__ import annotations

import json

import pytest

from engine.errors import NotFound, PermissionDenied, ValidationError
from tests.data.conftest import write_csv


@pytest.fixture
def credit(workspace, analyst, tmp_path):
    rows = []
    for i in range(600):
        income = 20000 + (i % 40) * 1500 if i % 50 else ""
        rows.append(
            f"{i},{25 + i % 40},{['Riyadh', 'Jeddah', 'Dammam'][i % 3]},{income},"
            f"{1 + (i % 3)},SA{1000000000 + i}"
        )
    path = write_csv(tmp_path / "credit.csv", "id,age,city,income,flag,code", rows)
    workspace.data.import_file(analyst, path, "credit")
    return path


def test_profile_statistics_and_warnings(workspace, analyst, credit):
    profile = workspace.data.profile(analyst, "credit@1")
    age = profile.column("age")
    assert (age.min, age.max, age.distinct, age.missing) == (25.0, 64.0, 40, 0)
    assert age.mean == pytest.approx(sum(25 + i % 40 for i in range(600)) / 600)
    assert sum(age.histogram["counts"]) == 600
    # whole-number bins (issue 19): 40 ages in bins of two, edges halfway between integers
    assert (
        age.histogram["edges"][:3] == [24.5, 26.5, 28.5]
        and len(age.histogram["counts"]) == 20
        and min(age.histogram["counts"]) > 0
    )
    assert set(age.quantiles) == {"p05", "p25", "p50", "p75", "p95"}
    city = profile.column("city")
    assert city.top[0] == ("Dammam", 200) and len(city.top) == 3
    assert profile.column("income").missing == 12
    assert any("id: likely identifier" in w for w in profile.warnings)
    assert "age" in profile.correlations and profile.correlations["age"]["age"] == 1.0


def test_profile_of_data_shaped_unlike_the_demo(workspace, analyst, tmp_path):
    # issue 19: a 0/1 target was flagged "skewed", identifiers got a mean, and integer
    # histograms had edges between integers (a sawtooth of full and empty bins)
    rows = [f"{i},{int(i % 12 == 0)},{1 + i % 5},{i % 7 * 0.5}" for i in range(600)]
    path = write_csv(tmp_path / "shape.csv", "PassengerId,Survived,Rooms,Score", rows)
    workspace.data.import_file(analyst, path, "shape")
    profile = workspace.data.profile(analyst, "shape@1")
    target = profile.column("Survived")
    assert target.skew is not None and abs(target.skew) > 2  # 8% ones: very asymmetric...
    assert not any(w.startswith("Survived: skewed") for w in profile.warnings)  # ...not skew
    ids = profile.column("PassengerId")
    assert ids.semantic == "identifier" and ids.mean is None and ids.histogram == {}
    rooms = profile.column("Rooms").histogram
    assert rooms["edges"] == [0.5, 1.5, 2.5, 3.5, 4.5, 5.5] and rooms["counts"] == [120] * 5
    score = profile.column("Score").histogram  # a float column keeps 20 equal bins
    assert len(score["edges"]) == 21


def test_profile_html_is_self_contained_and_audited(workspace, analyst, credit, tmp_path):
    out = workspace.data.profile_html(analyst, "credit@1", tmp_path / "p.html")
    html = out.read_text()
    assert "<svg" in html and "Profile of credit@1" in html
    assert "http://" not in html and "https://" not in html and "<script" not in html
    last = workspace.audit.entries(workspace.login("admin", "admin password 123"))[-2]
    assert last.action == "data.export" and last.details["format"] == "profile-html"


def test_inferred_contract_passes_its_own_data_and_is_versioned(workspace, analyst, credit):
    body = workspace.data.contracts.infer(analyst, "credit@1")
    rules = {c["name"]: c for c in body["columns"]}
    assert rules["id"]["unique"] and rules["income"]["nullable"]
    assert "min" not in rules["id"] and "max" not in rules["id"]  # new rows bring new IDs
    assert rules["city"]["allowed"] == ["Dammam", "Jeddah", "Riyadh"]
    assert rules["code"]["pattern"] == "^[A-Z0-9]{12}$"
    assert (rules["age"]["min"], rules["age"]["max"]) == (25, 64)
    first = workspace.data.contracts.save(analyst, "credit", body)
    body["columns"][1]["max"] = 60
    second = workspace.data.contracts.save(analyst, "credit", body)
    assert (first.ref, second.ref) == ("credit@1", "credit@2")
    assert workspace.data.contracts.get(analyst, "credit@1").body["columns"][1]["max"] == 64
    assert workspace.data.contracts.validate(analyst, "credit@1", dataset_ref="credit@1").passed


def test_validation_reports_every_failing_rule_with_counts_and_samples(
    workspace, analyst, credit, tmp_path
):
    body = workspace.data.contracts.infer(analyst, "credit@1")
    workspace.data.contracts.save(analyst, "credit", body)
    rows = [
        "1,30,Riyadh,30000,1,SA1000000001",
        "1,99,Paris,,7,bad code",
        "2,20,Jeddah,25000,2,SA1000000002",
    ]
    bad = write_csv(
        tmp_path / "bad.csv", "id,age,city,income,flag,code,extra", [r + ",x" for r in rows]
    )
    report = workspace.data.contracts.validate(analyst, "credit", file=bad)
    assert not report.passed
    by_rule = {r.rule: r for r in report.results}
    assert by_rule["id: unique values"].failures == 2
    assert by_rule["age: max 64"].samples == [{"row": 2, "value": 99}]
    assert by_rule["age: min 25"].samples == [{"row": 3, "value": 20}]
    assert by_rule["city: allowed values"].samples[0] == {"row": 2, "value": "Paris"}
    assert by_rule["code: pattern ^[A-Z0-9]{12}$"].failures == 1
    assert "extra: not in the contract" in by_rule
    assert "rows: at least 300" in by_rule
    stored = workspace.audit.entries(workspace.login("admin", "admin password 123"))
    assert any(e.action == "data.validate" and e.details["passed"] is False for e in stored)


def test_a_report_lists_every_rule_it_checked_with_its_outcome(
    workspace, analyst, credit, tmp_path
):
    """A pass says what passed (issue 20): the report carries every rule of the contract,
    failures first, and the rules of a missing or mistyped column as not checked."""
    body = workspace.data.contracts.infer(analyst, "credit@1")
    workspace.data.contracts.save(analyst, "credit", body)
    good = workspace.data.contracts.validate(analyst, "credit", dataset_ref="credit@1")
    assert good.passed and good.results == []
    outcomes = {c.rule: c.outcome for c in good.checked}
    assert set(outcomes.values()) == {"passed"}
    for rule in (
        "rows: at least 300",
        "id: unique values",
        "age: min 25",
        "age: max 64",
        "city: allowed values",
        "code: pattern ^[A-Z0-9]{12}$",
        "no columns beyond the contract",
    ):
        assert outcomes[rule] == "passed", rule
    assert good.passed_rules == [c.rule for c in good.checked]
    rows = ["1,99,Riyadh,30000,1", "2,30,Jeddah,25000,2"]
    bad = write_csv(tmp_path / "no_code.csv", "id,age,city,income,flag", rows)
    report = workspace.data.contracts.validate(analyst, "credit", file=bad)
    outcomes = {c.rule: c.outcome for c in report.checked}
    assert outcomes["age: max 64"] == "failed" and outcomes["age: min 25"] == "passed"
    assert outcomes["code: required column"] == "failed"
    assert outcomes["code: pattern ^[A-Z0-9]{12}$"] == "not checked"
    assert [c.outcome for c in report.checked][:2] == ["failed", "failed"]  # failures first
    assert {r.rule for r in report.results} <= set(outcomes)


def test_a_type_failure_names_the_rows_and_values(workspace, analyst, credit, tmp_path):
    # issue 19: "age: type integer" said only that the column was text, not which row
    body = workspace.data.contracts.infer(analyst, "credit@1")
    workspace.data.contracts.save(analyst, "credit", body)
    rows = [
        "1,30,Riyadh,30000,1,SA1000000001",
        "2,thirty,Jeddah,25000,2,SA1000000002",
        "3,41.5,Dammam,20000,3,SA1000000003",
        "4,44,Riyadh,21000,1,SA1000000004",
    ]
    bad = write_csv(tmp_path / "typed.csv", "id,age,city,income,flag,code", rows)
    report = workspace.data.contracts.validate(analyst, "credit", file=bad)
    failure = {r.rule: r for r in report.results}["age: type integer"]
    assert failure.failures == 2
    assert failure.samples == [{"row": 2, "value": "thirty"}, {"row": 3, "value": "41.5"}]


def test_contract_documents_are_checked(workspace, analyst, credit):
    with pytest.raises(ValidationError, match="'format' must be"):
        workspace.data.contracts.save(analyst, "c", {"columns": []})
    body = workspace.data.contracts.infer(analyst, "credit@1")
    body["columns"][0]["colour"] = "red"
    with pytest.raises(ValidationError, match="unknown rule"):
        workspace.data.contracts.save(analyst, "c", body)
    body = workspace.data.contracts.infer(analyst, "credit@1")
    body["columns"][5]["pattern"] = "([unclosed"
    with pytest.raises(ValidationError, match="not a valid regular expression"):
        workspace.data.contracts.save(analyst, "c", json.loads(json.dumps(body)))
    with pytest.raises(NotFound):
        workspace.data.contracts.get(analyst, "nope")


def test_type_and_missing_column_rules(workspace, analyst, credit, tmp_path):
    workspace.data.contracts.save(
        analyst, "credit", workspace.data.contracts.infer(analyst, "credit@1")
    )
    changed = write_csv(
        tmp_path / "types.csv",
        "id,age,city,income,flag",
        [f"{i},young,Riyadh,1,1" for i in range(400)],
    )
    report = workspace.data.contracts.validate(analyst, "credit", file=changed)
    rules = {r.rule for r in report.results}
    assert {"age: type integer", "code: required column"} <= rules


def test_auditor_cannot_save_contracts(workspace, team, credit):
    body = workspace.data.contracts.infer(team["auditor"], "credit@1")
    with pytest.raises(PermissionDenied):
        workspace.data.contracts.save(team["auditor"], "credit", body)
