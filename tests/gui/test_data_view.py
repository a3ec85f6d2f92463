"""The Data view: datasets and versions, a large version opening at once, the import wizard
with a live preview and corrections, profile, contract, recipe, personal data, lineage."""

from __future__ import annotations

import time

import pyarrow as pa
import pyarrow.parquet as pq

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
    assert "PASSED" in view.contract.results.item(0).text()
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
    row = [view.privacy.table.item(r, 0).text() for r in range(view.privacy.table.rowCount())
           ].index("mobile")
    view.privacy.table.cellWidget(row, 4).setChecked(True)  # personal
    view.privacy.apply_tags()
    view.privacy.fields["purpose"].setText("credit scoring")
    view.privacy.save_datasheet()
    wait_idle(qtbot, runner)
    dataset = workspace.data.datasets(team["analyst"])[0]
    assert dataset.column_tags == {"mobile": ["personal"]}
    assert dataset.datasheet["purpose"] == "credit scoring"


def test_roles_see_only_what_they_may_use(qtbot, window_for, runner, workspace, team,
                                          tmp_path):
    _import(workspace, team, tmp_path)
    auditor = window_for("auditor").show_area("data")
    assert not auditor.import_button.isVisibleTo(auditor)
    assert not auditor.export_button.isVisibleTo(auditor)
    assert not auditor.tabs.isTabVisible(auditor.tabs.indexOf(auditor.recipe))
    assert not auditor.privacy.save_tags.isVisibleTo(auditor)
    validator = window_for("validator").show_area("data")
    assert validator.tabs.isTabVisible(validator.tabs.indexOf(validator.contract))
