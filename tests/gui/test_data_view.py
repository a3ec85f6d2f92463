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
    data = [
        f"{i},{20 + i % 40},{['Riyadh', 'Jeddah'][i % 2]},{1000 + i},0{500000000 + i}"
        for i in range(rows)
    ]
    path = write_csv(tmp_path / "loans.csv", "id,age,city,income,mobile", data)
    workspace.data.import_file(team["analyst"], path, "loans")
    return path


def test_versions_tabs_and_lineage(qtbot, window_for, runner, workspace, team, tmp_path):
    _import(workspace, team, tmp_path)
    workspace.data.prepare(
        team["analyst"], "loans@1", {"steps": [{"op": "drop", "columns": ["mobile"]}]}, name="slim"
    )
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


def test_a_million_rows_open_without_waiting_on_the_ui(
    qtbot, window_for, runner, workspace, team, tmp_path
):
    big = tmp_path / "big.parquet"
    pq.write_table(
        pa.table(
            {"a": pa.array(range(1_000_000)), "b": pa.array([i * 0.5 for i in range(1_000_000)])}
        ),
        big,
    )
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


def test_import_cancelled_from_the_wizard_stores_nothing(
    qtbot, window_for, runner, workspace, team, tmp_path
):
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


def test_contract_recipe_and_privacy_tabs(qtbot, window_for, runner, workspace, team, tmp_path):
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
    assert view.contract.verdict.text() == (
        "loans@1 against loans@1: PASSED (300 rows, 0 failing rules)"
    )
    bad = write_csv(
        tmp_path / "bad.csv",
        "id,age,city,income,mobile",
        ["1,200,Riyadh,1000,0500000001", "1,30,Paris,,0500000002"],
    )
    qtbot.mouseClick(view.contract.validate_button, Qt.MouseButton.LeftButton)  # the button
    wait_idle(qtbot, runner)
    assert view.contract.verdict.text().startswith("loans@1 against loans@1: PASSED")
    view.contract.validate(bad)  # a file: read and checked, not stored
    wait_idle(qtbot, runner)
    assert view.contract.verdict.text().startswith("bad.csv against loans@1: FAILED (2 rows")
    items = [
        view.contract.results.topLevelItem(i)
        for i in range(view.contract.results.topLevelItemCount())
    ]
    rules = {item.text(0): (item.text(2), item.text(3), item.text(4)) for item in items}
    # every failing rule, with samples, listed first
    assert rules["age: max 59"] == ("✗ failed", "1", "row 1: 200")
    assert rules["city: allowed values"] == ("✗ failed", "1", "row 2: 'Paris'")
    assert rules["income: no missing values"][0] == "✗ failed"
    assert rules["id: unique values"][0] == "✗ failed"
    assert rules["age: min 20"] == ("✓ passed", "", "")
    assert items[0].text(2) == "✗ failed" and items[-1].text(2) == "✓ passed"
    assert len(workspace.data.datasets(team["analyst"])) == 1
    view.recipe.step.setCurrentIndex(view.recipe.step.findData("drop"))
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


def test_roles_see_only_what_they_may_use(qtbot, window_for, runner, workspace, team, tmp_path):
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


def test_project_form_creates_edits_and_shows_errors(qtbot, window_for, runner, workspace, team):
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
    assert workspace.projects.get(team["analyst"], "retail credit").decision.startswith("Approve")
    entries = workspace.audit.entries(team["auditor"])
    assert [e.action for e in entries][-2:] == ["project.create", "project.edit"]
    assert entries[-1].details == {"decision": "Approve or refer a loan application."}


def test_recipe_files_round_trip_and_bad_ones_are_refused(
    qtbot, window_for, runner, workspace, team, tmp_path
):
    import json

    _import(workspace, team, tmp_path)
    workspace.data.prepare(
        team["analyst"],
        "loans@1",
        {"name": "slim", "steps": [{"op": "drop", "columns": ["mobile"]}]},
        name="slim",
    )
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


# -- issue 20: the Data view on the area skeleton, recipe and contract as forms ------------
def _import_gappy(workspace, team, tmp_path):
    """300 rows; every fifth income is missing."""
    data = [
        f"{i},{20 + i % 40},{['Riyadh', 'Jeddah'][i % 2]},{'' if i % 5 == 0 else 1000 + i}"
        for i in range(300)
    ]
    path = write_csv(tmp_path / "gappy.csv", "id,age,city,income", data)
    workspace.data.import_file(team["analyst"], path, "gappy")


def _recipe_view(qtbot, window_for, runner, workspace, team, tmp_path):
    _import_gappy(workspace, team, tmp_path)
    view = window_for("analyst").show_area("data")
    wait_idle(qtbot, runner)
    assert view.select("gappy@1")
    view.tabs.setCurrentWidget(view.recipe)
    wait_idle(qtbot, runner)
    return view


def _tick(field, *names):
    box = field.widget
    for i in range(box.count()):
        if box.item(i).data(Qt.ItemDataRole.UserRole) in names:
            box.item(i).setCheckState(Qt.CheckState.Checked)


def test_an_impute_step_from_the_form_updates_the_json_and_the_preview(
    qtbot, window_for, runner, workspace, team, tmp_path, prefs
):
    import json

    view = _recipe_view(qtbot, window_for, runner, workspace, team, tmp_path)
    recipe = view.recipe
    before = workspace.data.read_table(team["analyst"], "gappy@1").column("income")
    assert before.null_count == 60
    recipe.step.setCurrentIndex(recipe.step.findData("impute"))
    recipe.add_step()
    form = recipe.form
    assert form.op.currentData() == "impute"
    assert sorted(
        form.fields["columns"].widget.item(i).text()
        for i in range(form.fields["columns"].widget.count())
    ) == ["age", "city", "id", "income"]  # the version's schema, to tick
    _tick(form.fields["columns"], "income")
    strategy = form.fields["strategy"].widget
    strategy.setCurrentIndex(strategy.findData("mean"))
    assert json.loads(recipe.editor.toPlainText())["steps"] == [
        {"op": "impute", "strategy": "mean", "columns": ["income"]}
    ]
    assert recipe.timer.isActive()  # the preview follows once the edits pause
    qtbot.waitUntil(lambda: recipe.result_model.table.num_columns > 0, timeout=20_000)
    wait_idle(qtbot, runner)
    after = recipe.result_model.table.column("income")
    assert after.null_count == 0 and len(after) == 300  # no missing value left
    assert recipe.preview_info.text() == "Preview of the first 1000 rows: 300 rows, 4 columns."
    assert recipe.steps.item(0).text().startswith("1. Fill missing values: income (mean)")
    # the choice is remembered for the next impute step, on this computer
    assert prefs.form("data.recipe")["defaults"] == {"impute": {"strategy": "mean"}}
    assert recipe.add_step("impute")["strategy"] == "mean"
    recipe.move_step(-1)  # the new step first, then removed
    assert [s.get("columns") for s in recipe.body["steps"]] == [None, ["income"]]
    recipe.remove_step()
    assert json.loads(recipe.editor.toPlainText())["steps"] == [
        {"op": "impute", "strategy": "mean", "columns": ["income"]}
    ]


def test_editing_the_json_updates_the_form(qtbot, window_for, runner, workspace, team, tmp_path):
    import json

    view = _recipe_view(qtbot, window_for, runner, workspace, team, tmp_path)
    recipe = view.recipe
    recipe.mode.setCurrentIndex(1)  # Advanced
    recipe.editor.setPlainText(
        json.dumps(
            {
                "name": "tidy",
                "steps": [
                    {"op": "drop", "columns": ["city"]},
                    {"op": "scale", "columns": ["age"], "method": "minmax"},
                ],
            }
        )
    )
    assert recipe.steps.count() == 2 and recipe.name.text() == "tidy"
    assert recipe.steps.item(1).text() == "2. Scale numbers: age (min–max)"
    recipe.steps.setCurrentRow(1)
    form = recipe.form
    assert form.op.currentData() == "scale"
    assert form.fields["method"].widget.currentData() == "minmax"
    checked = [
        form.fields["columns"].widget.item(i).data(Qt.ItemDataRole.UserRole)
        for i in range(form.fields["columns"].widget.count())
        if form.fields["columns"].widget.item(i).checkState() == Qt.CheckState.Checked
    ]
    assert checked == ["age"]
    recipe.editor.setPlainText('{"steps": [')  # half typed: the form keeps what it had
    assert recipe.steps.count() == 2 and "Not valid JSON yet" in recipe.editor_message.text()


def test_an_invalid_step_shows_the_engines_message_beside_it(
    qtbot, window_for, runner, workspace, team, tmp_path
):
    view = _recipe_view(qtbot, window_for, runner, workspace, team, tmp_path)
    recipe = view.recipe
    recipe.add_step("drop")
    _tick(recipe.form.fields["columns"], "id")
    recipe.add_step("scale")  # no column ticked yet
    assert "Step 2 (scale) needs columns." in recipe.steps.item(1).text()
    assert recipe.form.message.text() == "Step 2 (scale) needs columns."
    assert recipe.form.message.isVisibleTo(recipe)
    assert "⚠" not in recipe.steps.item(0).text()
    _tick(recipe.form.fields["columns"], "city")  # text: the engine refuses it on the data
    assert "⚠" not in recipe.steps.item(1).text()
    qtbot.waitUntil(lambda: 1 in recipe.errors, timeout=20_000)
    assert recipe.errors[1].startswith("Step 2 (scale): scale works on numeric columns only")
    assert recipe.form.message.text() == recipe.errors[1]
    assert recipe.preview_info.text() == "No preview: the recipe stops at a step."
    recipe.steps.setCurrentRow(0)
    assert recipe.form.message.text() == ""  # the message stays with its step


def test_contract_form_and_a_pass_lists_the_rules_that_passed(
    qtbot, window_for, runner, workspace, team, tmp_path
):
    import json

    _import(workspace, team, tmp_path)
    view = window_for("analyst").show_area("data")
    wait_idle(qtbot, runner)
    view.select("loans@1")
    view.tabs.setCurrentWidget(view.contract)
    wait_idle(qtbot, runner)
    contract = view.contract
    assert contract.empty.empty  # no contract yet: infer one
    qtbot.mouseClick(contract.empty.action, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, runner)
    form = contract.form
    names = [form.table.item(r, 0).text() for r in range(form.table.rowCount())]
    assert names == ["id", "age", "city", "income", "mobile"]
    age = names.index("age")
    assert form.table.item(age, 6).text() == "59"  # max
    form.table.item(age, 6).setText("70")  # the form edits the JSON
    assert json.loads(contract.editor.toPlainText())["columns"][age]["max"] == 70
    text = json.loads(contract.editor.toPlainText())
    text["columns"][age]["min"] = 18
    contract.editor.setPlainText(json.dumps(text))  # and the JSON the form
    assert form.table.item(age, 5).text() == "18"
    form.table.item(age, 5).setText("eighteen")
    assert "'min' must be a number" in form.message.text()
    form.table.item(age, 5).setText("18")
    assert not form.message.isVisibleTo(form)
    contract.save()
    wait_idle(qtbot, runner)
    contract.validate()
    wait_idle(qtbot, runner)
    assert contract.verdict.text().startswith("loans@1 against loans@1: PASSED")
    rows = {
        contract.results.topLevelItem(i).text(0): (
            contract.results.topLevelItem(i).text(1),
            contract.results.topLevelItem(i).text(2),
        )
        for i in range(contract.results.topLevelItemCount())
    }
    assert rows["age: min 18"] == ("age", "✓ passed")
    assert rows["age: max 70"] == ("age", "✓ passed")
    assert rows["city: allowed values"] == ("city", "✓ passed")
    assert rows["id: unique values"] == ("id", "✓ passed")
    assert rows["rows: at least 150"] == ("", "✓ passed")
    assert all(result == "✓ passed" for _column, result in rows.values())


def test_profile_is_computed_when_the_tab_first_opens(
    qtbot, window_for, runner, workspace, team, tmp_path
):
    _import(workspace, team, tmp_path)
    view = window_for("analyst").show_area("data")
    wait_idle(qtbot, runner)
    view.select("loans@1")
    wait_idle(qtbot, runner)
    assert view.profile.job is None  # not profiled while the tab is closed
    view.tabs.setCurrentWidget(view.profile)
    job = view.profile.job
    assert job is not None and view.strip.job is job and view.strip.isVisibleTo(view)
    assert view.profile.empty.empty and "Profiling loans@1" in view.profile.empty.label.text()
    with qtbot.waitSignal(job.finished, timeout=20_000):
        pass
    assert not view.profile.empty.empty and view.profile.table.rowCount() == 5
    assert view.profile.summary.text() == "300 rows, 5 columns"
    # the first numeric column's distribution is shown at once, not an empty chart
    [selected] = view.profile.table.selectionModel().selectedRows()
    table = view.profile.table
    assert table.item(selected.row(), 1).text() == "numeric"
    assert table.item(selected.row(), 0).text() == "age" and view.profile.plot is not None
    from gui.views.data_profile import _num

    assert (_num(13250.25), _num(0.81834), _num(1.5e-05), _num(float("nan"))) == (
        "13,250",
        "0.8183",
        "1.5e-05",
        "",
    )
    view.tabs.setCurrentIndex(0)
    view.tabs.setCurrentWidget(view.profile)
    assert view.profile.job is job  # profiled once, not again


def test_profile_cancelled_offers_to_start_again(
    qtbot, window_for, runner, workspace, team, tmp_path, monkeypatch
):
    _import(workspace, team, tmp_path)
    real = workspace.data.profile

    def slow(actor, ref, project=None, *, progress=None, cancel=None):
        progress(0.3, "profiling")
        while not cancel.cancelled:  # a long profile, until Cancel
            time.sleep(0.01)
        cancel.check()

    monkeypatch.setattr(workspace.data, "profile", slow)
    view = window_for("analyst").show_area("data")
    wait_idle(qtbot, runner)
    view.select("loans@1")
    view.tabs.setCurrentWidget(view.profile)
    job = view.profile.job
    assert view.strip.job is job
    qtbot.waitUntil(lambda: job.fraction == 0.3, timeout=10_000)  # working
    qtbot.mouseClick(view.strip.cancel_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(job.finished, timeout=20_000):
        pass
    assert job.state is JobState.CANCELLED and not view.strip.isVisibleTo(view)
    assert view.profile.empty.label.text() == "Profiling loans@1 was cancelled."
    assert view.profile.empty.action.isVisibleTo(view.profile.empty)
    monkeypatch.setattr(workspace.data, "profile", real)
    qtbot.mouseClick(view.profile.empty.action, Qt.MouseButton.LeftButton)
    assert view.profile.job is not job
    with qtbot.waitSignal(view.profile.job.finished, timeout=20_000):
        pass
    assert view.profile.table.rowCount() == 5


def test_an_empty_project_says_how_to_start(qtbot, window_for, runner):
    view = window_for("analyst").show_area("data")
    wait_idle(qtbot, runner)
    assert view.empty.empty
    assert view.empty.label.text() == "No datasets yet — Import…"
    assert view.empty.action.isVisibleTo(view.empty)
    opened = []
    view.open_import = lambda path=None: opened.append(path)  # the header's Import…
    view.import_button.clicked.disconnect()
    view.import_button.clicked.connect(lambda: view.open_import())
    qtbot.mouseClick(view.empty.action, Qt.MouseButton.LeftButton)
    assert opened == [None]
    auditor = window_for("auditor").show_area("data")
    wait_idle(qtbot, runner)
    assert auditor.empty.empty
    assert auditor.empty.label.text() == "No datasets in this project yet."
    assert not auditor.empty.action.isVisibleTo(auditor.empty)
