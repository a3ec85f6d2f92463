"""`airlock project …` and `airlock data …` end to end, through subprocesses, as a user
following the README would run them."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from tests.test_cli import airlock, ok, user_error

ROOT = Path(__file__).parents[1]
PROJECT = "retail credit"


@pytest.fixture(scope="module")
def ws(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("cli-data") / "ws"
    ok(airlock("init", str(folder), "--admin", "admin"))
    ok(
        airlock(
            "user",
            "add",
            "aud",
            "--role",
            "auditor",
            workspace=folder,
            env={"AIRLOCK_NEW_PASSWORD": "auditor password 1"},
        )
    )
    ok(
        airlock(
            "project",
            "create",
            PROJECT,
            "--objective",
            "Predict default within a year",
            "--decision",
            "approve or refer",
            "--criterion",
            "recall>=0.70",
            "--criterion",
            "precision>=0.5",
            "--risk-tier",
            "high",
            workspace=folder,
        )
    )
    return folder


@pytest.fixture(scope="module")
def loans(ws, tmp_path_factory) -> Path:
    """A cp1256 CSV with ';' and Arabic city names, imported into the project."""
    folder = tmp_path_factory.mktemp("files")
    rows = [
        f"{i};{['الرياض', 'جدة', 'الدمام'][i % 3]};{'' if i % 20 == 0 else 3000 + i * 7};"
        f"05{51000000 + i};{['F', 'M'][i % 2]};{int(i % 4 == 0)}"
        for i in range(400)
    ]
    path = folder / "loans.csv"
    path.write_bytes(
        ("id;city;income;mobile;gender;default\n" + "\n".join(rows) + "\n").encode("cp1256")
    )
    out = ok(
        airlock("data", "import", str(path), "--name", "loans", "--project", PROJECT, workspace=ws)
    )
    assert "Imported loans.csv as loans@1: 400 rows, 6 columns" in out
    assert "read as cp1256 text, delimiter ';'" in out
    # issue 19 (9): the import itself brings up the sensitive attribute
    assert (
        "note: gender looks like a sensitive attribute: tag it with `airlock data tag "
        "loans COLUMN --as sensitive`" in out
    )
    return path


def test_projects_are_created_listed_shown_edited_and_refused(ws):
    out = ok(airlock("project", "list", workspace=ws))
    assert re.search(r"^default\s+medium", out, re.M)
    assert re.search(r"^retail credit\s+high\s+recall >= 0.7; precision >= 0.5", out, re.M)
    shown = ok(airlock("project", "show", PROJECT, workspace=ws))
    assert "Objective:         Predict default within a year" in shown
    assert "Owner:             admin" in shown
    edited = ok(
        airlock("project", "edit", PROJECT, "--out-of-scope-uses", "mortgages", workspace=ws)
    )
    assert "Out of scope:      mortgages" in edited
    assert "Risk tier:         high" in edited  # fields not given stay as they were
    bad = user_error(
        airlock("project", "edit", PROJECT, "--criterion", "recall>=70%", workspace=ws)
    )
    assert "looks like 'recall>=0.70'" in bad
    assert "recall >= 0.7" in ok(airlock("project", "show", PROJECT, workspace=ws))
    assert "already exists" in user_error(
        airlock("project", "create", "Retail Credit", workspace=ws)
    )
    denied = user_error(
        airlock(
            "project",
            "create",
            "x",
            workspace=ws,
            env={"AIRLOCK_USER": "aud", "AIRLOCK_PASSWORD": "auditor password 1"},
        )
    )
    assert "Your role (auditor) does not allow you to create a project" in denied
    log = ok(airlock("audit", "log", "--action", "project.edit", workspace=ws))
    assert "out_of_scope_uses" in log


def test_import_list_show_reimport_and_project_selection(ws, loans, tmp_path):
    listed = ok(airlock("data", "list", workspace=ws, env={"AIRLOCK_PROJECT": PROJECT}))
    assert re.search(r"^loans\s+1 versions\s+400 rows × 6", listed, re.M)
    assert "No datasets yet" in ok(airlock("data", "list", workspace=ws))  # default project
    shown = ok(airlock("-p", PROJECT, "data", "show", "loans@1", workspace=ws))
    assert re.search(r"^city\s+string\s+categorical", shown, re.M)
    assert re.search(r"^mobile\s+string", shown, re.M)  # the leading zero is kept
    again = ok(
        airlock("data", "import", str(loans), "--name", "loans", "--project", PROJECT, workspace=ws)
    )
    assert "holds the same data as loans@1; no new version" in again
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    error = user_error(
        airlock("data", "import", str(empty), "--name", "loans", "--project", PROJECT, workspace=ws)
    )
    assert "empty.csv is empty" in error
    assert "1 versions" in ok(airlock("data", "list", "-p", PROJECT, workspace=ws))
    missing = user_error(airlock("data", "show", "nothing@1", "-p", PROJECT, workspace=ws))
    assert "nothing" in missing


def test_profile_contract_validate_prepare_lineage_pii_export(ws, loans, tmp_path):
    def run(*args: str, code: int = 0) -> str:
        result = airlock(*args, workspace=ws, env={"AIRLOCK_PROJECT": PROJECT})
        if code == 0:
            return ok(result)
        user_error(result, code)
        return result.stdout

    html = tmp_path / "profile.html"
    assert "profile.html" in run("data", "profile", "loans@1", "--html", str(html))
    assert "<svg" in html.read_text(encoding="utf-8")
    profile = run("data", "profile", "loans@1")
    assert re.search(r"^income\s+numeric", profile, re.M) and "%" in profile
    draft = tmp_path / "contract.json"
    run("data", "contract", "infer", "loans@1", "--out", str(draft))
    body = json.loads(draft.read_text(encoding="utf-8"))
    assert {c["name"] for c in body["columns"]} >= {"id", "city", "income"}
    body["columns"] = [
        dict(c, max=5000) if c["name"] == "income" else c for c in body["columns"]
    ]  # an edit the data breaks
    draft.write_text(json.dumps(body), encoding="utf-8")
    assert "loans@1" in run("data", "contract", "edit", "loans", "--file", str(draft))
    assert '"max": 5000' in run("data", "contract", "show", "loans@1")
    report = run("data", "validate", "loans@1", "--contract", "loans@1", code=1)
    assert "loans@1 against loans@1: FAILED" in report
    assert re.search(r"income: max 5000: \d+ failing — row \d+: \d+", report)
    as_json = json.loads(
        run("data", "validate", "--file", str(loans), "--contract", "loans@1", "--json", code=1)
    )
    assert as_json["passed"] is False and as_json["data"] == "loans.csv"

    recipe = tmp_path / "recipe.toml"
    recipe.write_text(
        'name = "masked"\n'
        '[[steps]]\nop = "mask"\ncolumn = "mobile"\nmethod = "hash"\n'
        '[[steps]]\nop = "impute"\ncolumns = ["income"]\nstrategy = "median"\n'
        '[[steps]]\nop = "split"\ntest = 0.25\nstratify = "default"\nseed = 3\n',
        encoding="utf-8",
    )
    prepared = run("data", "prepare", "loans@1", "--recipe", str(recipe), "--name", "ready")
    assert "ready@1" in prepared
    lineage = run("data", "lineage", "ready@1")
    assert "loans@1" in lineage and "masked" in lineage
    pii = run("data", "pii", "loans@1")
    assert re.search(r"^mobile\s+phone", pii, re.M)
    assert re.search(r"^gender\s+sensitive_attribute", pii, re.M)
    assert "0551000001" not in pii  # examples are masked
    out = tmp_path / "ready.parquet"
    run("data", "export", "ready@1", str(out))
    table = pq.read_table(out)
    assert table.num_rows == 400 and table.column("income").null_count == 0
    assert all(len(v) == 32 for v in table.column("mobile").to_pylist())  # keyed hashes
    assert sorted(set(table.column("split").to_pylist())) == ["test", "train"]
    log = run("audit", "log", "--action", "data.export")
    assert "ready.parquet" in log  # the decrypted export is on record


def test_tags_datasheet_and_the_example_recipe(ws, loans, tmp_path):
    def run(*args: str) -> str:
        return ok(airlock(*args, workspace=ws, env={"AIRLOCK_PROJECT": PROJECT}))

    assert "gender: sensitive" in run("data", "tag", "loans", "gender", "--as", "sensitive")
    sheet = run(
        "data",
        "datasheet",
        "loans",
        "--set",
        "purpose=credit scoring",
        "--set",
        "retention_period=5 years",
    )
    assert "credit scoring" in sheet and "5 years" in sheet
    bad = user_error(
        airlock(
            "data",
            "tag",
            "loans",
            "gender",
            "--as",
            "secret",
            workspace=ws,
            env={"AIRLOCK_PROJECT": PROJECT},
        )
    )
    assert "secret" in bad
    bad_recipe = tmp_path / "bad.toml"
    bad_recipe.write_text('[[steps]]\nop = "explode"\n', encoding="utf-8")
    error = user_error(
        airlock(
            "data",
            "prepare",
            "loans@1",
            "--recipe",
            str(bad_recipe),
            workspace=ws,
            env={"AIRLOCK_PROJECT": PROJECT},
        )
    )
    assert "'op' must be one of" in error
    # the shipped example recipe is valid (its columns belong to the demo data)
    example = ROOT / "examples" / "credit_prepare.toml"
    error = user_error(
        airlock(
            "data",
            "prepare",
            "loans@1",
            "--recipe",
            str(example),
            workspace=ws,
            env={"AIRLOCK_PROJECT": PROJECT},
        )
    )
    assert "national_id" in error  # refused for the right reason: no such column here
