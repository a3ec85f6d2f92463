"""The Data view: datasets and versions, a large version opening at once, the import wizard
with a live preview and corrections, profile, contract, recipe, personal data, lineage."""

from __future__ import annotations

import time

import pyarrow as pa
import pyarrow.parquet as pq
from PySide6.QtCore import Qt

from gui.jobs import JobState
from tests.data.conftest import write_csv
from tests.gui.conftest import wait_idle


def _import(workspace, team, tmp_path, rows=300):
    data = [f"{i},{20 + i % 40},{['Riyadh', 'Jeddah'][i % 2]},{1000 + i},0{500000000 + i}"
            for i in range(rows)]
    path = write_csv(tmp_path / "loans.csv", "id,age,city,income,mobile", data)
    workspace.data.import_file(team["analyst"], path, "loans")
    return path


def test_versions_tabs_and_lineage(qtbot, window_for, runner, workspace, team, tmp_path):
    _import(workspace, team, tmp_path)
    workspace.data.prepare(team["analyst"], "loans@1",
                           {"steps": [{"op": "drop", "columns": ["mobile"]}]}, name="slim")
    view = window_for("analyst").show_area("data")
    wait_idle(qtbot, runner)
    assert view.tree.topLevelItemCount() == 2
    assert view.select("slim@1")
    wait_idle(qtbot, runner)
    assert view.model.columnCount() == 4 and view.model.rowCount() == 300
    assert len(view.lineage.boxes) == 2  # loans@1 -> slim@1
    job = view.profile.run()
    with qtbot.waitSignal(job.finished, timeout=20_000):
        pass
    assert view.profile.table.rowCount() == 4
    view.profile.table.selectRow(1)
    wait_idle(qtbot, runner)
    assert view.profile.plot is not None  # the histogram was drawn


def test_a_million_rows_open_without_waiting_on_the_ui(qtbot, window_for, runner, workspace,
                                                      team, tmp_path):
    big = tmp_path / "big.parquet"
    pq.write_table(pa.table({"a": pa.array(range(1_000_000)),
                             "b": pa.array([i * 0.5 for i in range(1_000_000)])}), big)
    workspace.data.import_file(team["analyst"], big, "big")
    view = window_for("analyst").show_area("data")
    wait_idle(qtbot, runner)
    started = time.monotonic()
    view.select("big@1")
    assert time.monotonic() - started < 1.0  # selecting returns at once; loading is a job
    wait_idle(qtbot, runner)
    assert view.model.rowCount() == 1_000_000
    assert view.model.data(view.model.index(999_999, 1)) == "499999.5"


def test_import_wizard_previews_corrects_and_imports(qtbot, window_for, runner, tmp_path):
    path = tmp_path / "semi.csv"
    path.write_bytes("note line\nid;city;code\n1;الرياض;007\n2;جدة;008\n".encode("cp1256"))
    view = window_for("analyst").show_area("data")
    wait_idle(qtbot, runner)
    wizard = view.open_import(str(path))
    wait_idle(qtbot, runner)
    wizard.skip.setValue(1)  # the header is on the second line
    wait_idle(qtbot, runner)
    assert "cp1256" in wizard.detected.text() and "';'" in wizard.detected.text()
    assert wizard.preview_model.table.column_names == ["id", "city", "code"]
    codes = [wizard.types.item(r, 0).text() for r in range(wizard.types.rowCount())]
    wizard.types.cellWidget(codes.index("city"), 1).setCurrentText("text")
    wizard.name.setText("cities")
    job = wizard.start_import()
    with qtbot.waitSignal(wizard.accepted, timeout=20_000):
        pass
    assert job.state is JobState.SUCCEEDED
    version = wizard.result_version.version
    assert version.ref == "cities@1" and version.column("city")["semantic"] == "text"
    assert version.column("code")["type"] == "string"  # leading zeros kept
    wait_idle(qtbot, runner)
    assert "Imported cities@1" in view.status.text()


def test_import_wizard_shows_refusals_in_the_dialog(qtbot, window_for, runner, tmp_path):
    path = tmp_path / "ragged.csv"
    path.write_bytes(b"a,b\n1,2\n3,4,5\n")
    view = window_for("analyst").show_area("data")
    wizard = view.open_import(str(path))
    wait_idle(qtbot, runner)
    wizard.name.setText("ragged")
    wizard.start_import()
    wait_idle(qtbot, runner)
    assert "different number of fields" in wizard.message.text() and wizard.isVisible()
    wizard.reject()


def test_import_cancelled_from_the_wizard_stores_nothing(qtbot, window_for, runner,
                                                         workspace, team, tmp_path):
    path = tmp_path / "big.csv"
    row = b"1,2.5,Riyadh,some text for the note column\n"
    with open(path, "wb") as out:
        out.write(b"id,score,city,note\n")
        out.write(row * 4_000_000)  # about 170 MB: long enough to cancel half way
    objects_before = [f for f in (workspace.path / "objects").rglob("*") if f.is_file()]
    view = window_for("analyst").show_area("data")
    wizard = view.open_import(str(path))
    wait_idle(qtbot, runner)
    wizard.name.setText("big")
    job = wizard.start_import()
    qtbot.waitUntil(lambda: job.fraction > 0.05, timeout=30_000)
    wizard._cancel()  # the Cancel button while the import runs
    with qtbot.waitSignal(job.finished, timeout=30_000):
        pass
    assert job.state is JobState.CANCELLED
    assert "nothing was stored" in wizard.message.text() and wizard.isVisible()
    assert workspace.data.datasets(team["analyst"]) == []
    after = [f for f in (workspace.path / "objects").rglob("*") if f.is_file()]
    assert after == objects_before  # no object, no leftover part file
    wizard.reject()


def test_contract_recipe_and_privacy_tabs(qtbot, window_for, runner, workspace, team,
                                          tmp_path):
    _import(workspace, team, tmp_path)
    view = window_for("analyst").show_area("data")
    wait_idle(qtbot, runner)
    view.select("loans@1")
    wait_idle(qtbot, runner)
    view.contract.infer()
    wait_idle(qtbot, runner)
    assert '"airlock-contract/v1"' in view.contract.editor.toPlainText()
    view.contract.save()
    wait_idle(qtbot, runner)
    assert view.contract.contracts.currentText() == "loans@1"
    view.contract.validate()
    wait_idle(qtbot, runner)
    assert view.contract.verdict.text() == ("loans@1 against loans@1: PASSED (300 rows, "
                                            "0 failing rules)")
    bad = write_csv(tmp_path / "bad.csv", "id,age,city,income,mobile",
                    ["1,200,Riyadh,1000,0500000001", "1,30,Paris,,0500000002"])
    qtbot.mouseClick(view.contract.validate_button, Qt.MouseButton.LeftButton)  # the button
    wait_idle(qtbot, runner)
    assert view.contract.verdict.text().startswith("loans@1 against loans@1: PASSED")
    view.contract.validate(bad)  # a file: read and checked, not stored
    wait_idle(qtbot, runner)
    assert view.contract.verdict.text().startswith("bad.csv against loans@1: FAILED (2 rows")
    rules = {view.contract.results.topLevelItem(i).text(0): (
        view.contract.results.topLevelItem(i).text(1), view.contract.results.topLevelItem(i)
        .text(2)) for i in range(view.contract.results.topLevelItemCount())}
    assert rules["age: max 59"] == ("1", "row 1: 200")  # every failing rule, with samples
    assert rules["city: allowed values"] == ("1", "row 2: 'Paris'")
    assert "income: no missing values" in rules and "id: unique values" in rules
    assert len(workspace.data.datasets(team["analyst"])) == 1
    view.recipe.step.setCurrentText("drop")
    view.recipe.add_step()
    body = view.recipe.recipe()
    body["steps"][0]["columns"] = ["mobile"]
    view.recipe.editor.setPlainText(__import__("json").dumps(body))
    view.recipe.preview()
    wait_idle(qtbot, runner)
    assert view.recipe.result_model.table.column_names == ["id", "age", "city", "income"]
    view.recipe.target.setText("loans_slim")
    view.recipe.apply()
    wait_idle(qtbot, runner)
    assert "Made loans_slim@1" in view.recipe.status.text()
    view.privacy.scan()
    wait_idle(qtbot, runner)
    assert any(f.column == "mobile" and f.kind == "phone" for f in view.privacy.findings)
    rows = [view.privacy.table.item(r, 0).text() for r in range(view.privacy.table.rowCount())]
    def box(column, offset):
        return view.privacy.table.item(rows.index(column), offset)

    assert box("mobile", 4).checkState() == Qt.CheckState.Checked  # suggested: personal
    assert box("age", 5).checkState() == Qt.CheckState.Checked  # suggested: sensitive
    assert box("city", 4).checkState() == Qt.CheckState.Unchecked
    box("age", 5).setCheckState(Qt.CheckState.Unchecked)  # the user decides
    view.privacy.table.setCurrentCell(rows.index("city"), 5)
    qtbot.keyClick(view.privacy.table, Qt.Key.Key_Space)  # keyboard: Space ticks the box
    assert box("city", 5).checkState() == Qt.CheckState.Checked
    view.privacy.apply_tags()
    view.privacy.fields["purpose"].setText("credit scoring")
    view.privacy.save_datasheet()
    wait_idle(qtbot, runner)
    dataset = workspace.data.datasets(team["analyst"])[0]
    assert dataset.column_tags == {"mobile": ["personal"], "city": ["sensitive"]}
    assert dataset.datasheet["purpose"] == "credit scoring"


def test_roles_see_only_what_they_may_use(qtbot, window_for, runner, workspace, team,
                                          tmp_path):
    _import(workspace, team, tmp_path)
    workspace.data.annotations.tag(team["analyst"], "loans", "mobile", ["personal"])
    auditor = window_for("auditor").show_area("data")
    assert not auditor.import_button.isVisibleTo(auditor)
    assert not auditor.export_button.isVisibleTo(auditor)
    assert not auditor.tabs.isTabVisible(auditor.tabs.indexOf(auditor.recipe))
    assert not auditor.privacy.save_tags.isVisibleTo(auditor)
    validator = window_for("validator").show_area("data")
    assert validator.tabs.isTabVisible(validator.tabs.indexOf(validator.contract))
    assert not auditor.new_project_button.isVisibleTo(auditor)
    assert not auditor.edit_project_button.isVisibleTo(auditor)
    # issue 19: the auditor saw every mobile number; tagged personal, it is masked for them
    assert auditor.select("loans@1")
    wait_idle(qtbot, runner)
    mobile = auditor.model.table.column_names.index("mobile")
    assert auditor.model.index(0, mobile).data() == "•••••"
    assert auditor.status.text() == "Masked for your role: mobile"
    analyst = window_for("analyst").show_area("data")
    wait_idle(qtbot, runner)
    assert analyst.select("loans@1")
    wait_idle(qtbot, runner)
    assert analyst.model.index(0, mobile).data() == "0500000000"


def test_project_form_creates_edits_and_shows_errors(qtbot, window_for, runner, workspace,
                                                     team):
    view = window_for("analyst").show_area("data")
    wait_idle(qtbot, runner)
    opened = view.open_project(new=True)
    wait_idle(qtbot, runner)
    dialog = opened["dialog"]
    dialog.name.setText("retail credit")
    dialog.objective.setPlainText("Predict default within a year.")
    dialog.criteria.setText("recall>=70%")  # not a criterion: the form says so, keeps input
    dialog.submit()
    wait_idle(qtbot, runner)
    assert "recall>=0.70" in dialog.message.text() and dialog.isVisible()
    assert dialog.objective.toPlainText() == "Predict default within a year."
    dialog.criteria.setText("recall>=0.70; precision>=0.5")
    dialog.risk.setCurrentIndex(dialog.risk.findData("high"))
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        dialog.submit()
    wait_idle(qtbot, runner)
    assert view.current_project() == "retail credit"
    assert "recall >= 0.7" in view.project_info.text()
    saved = workspace.projects.get(team["analyst"], "retail credit")
    assert [c.text() for c in saved.success_criteria] == ["recall >= 0.7", "precision >= 0.5"]
    assert saved.risk_tier == "high" and saved.owner == team["analyst"].user_id

    opened = view.open_project(new=False)
    wait_idle(qtbot, runner)
    edit = opened["dialog"]
    assert edit.name.isReadOnly() and edit.objective.toPlainText().startswith("Predict")
    edit.decision.setPlainText("Approve or refer a loan application.")
    with qtbot.waitSignal(edit.accepted, timeout=10_000):
        edit.submit()
    wait_idle(qtbot, runner)
    assert workspace.projects.get(team["analyst"], "retail credit").decision.startswith(
        "Approve")
    entries = workspace.audit.entries(team["auditor"])
    assert [e.action for e in entries][-2:] == ["project.create", "project.edit"]
    assert entries[-1].details == {"decision": "Approve or refer a loan application."}


def test_recipe_files_round_trip_and_bad_ones_are_refused(qtbot, window_for, runner,
                                                         workspace, team, tmp_path):
    import json

    _import(workspace, team, tmp_path)
    workspace.data.prepare(team["analyst"], "loans@1",
                           {"name": "slim", "steps": [{"op": "drop", "columns": ["mobile"]}]},
                           name="slim")
    view = window_for("analyst").show_area("data")
    wait_idle(qtbot, runner)
    view.select("loans@1")
    wait_idle(qtbot, runner)
    assert not view.recipe.from_version.isEnabled()  # an import, not made by a recipe
    view.select("slim@1")
    wait_idle(qtbot, runner)
    view.recipe.load_version_recipe()
    assert view.recipe.recipe()["steps"] == [{"op": "drop", "columns": ["mobile"]}]
    saved = tmp_path / "slim.json"
    view.recipe.save_file(saved)
    wait_idle(qtbot, runner)
    assert json.loads(saved.read_text())["name"] == "slim"
    view.recipe.editor.setPlainText('{"name": "x", "steps": [{"op": "explode"}]}')
    view.recipe.save_file(tmp_path / "bad.json")
    wait_idle(qtbot, runner)
    assert "'op' must be one of" in view.recipe.status.text()
    assert not (tmp_path / "bad.json").exists()  # nothing written
    toml = tmp_path / "r.toml"
    toml.write_text('name = "t"\n[[steps]]\nop = "select"\ncolumns = ["id"]\n')
    view.recipe.open_file(toml)
    wait_idle(qtbot, runner)
    assert view.recipe.recipe()["steps"] == [{"op": "select", "columns": ["id"]}]
    toml.write_text("name = [")
    view.recipe.open_file(toml)
    wait_idle(qtbot, runner)
    assert "r.toml is not valid TOML" in view.recipe.status.text()
