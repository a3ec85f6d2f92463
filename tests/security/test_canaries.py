"""Nothing readable at rest (issue 18): canary names and national ids planted in an import
are run through every flow that keeps something derived from the data (profile, contract,
validation samples, personal-data scan, recipes, training, the registry's tests and fairness,
drift and monitors); then one subject is erased. Every byte of the workspace folder and of
the temporary folder is searched: no canary appears anywhere, and after the erasure the
erased subject cannot be read back even by an administrator holding every key."""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

import pytest

from engine.errors import ShreddedError
from engine.projects import ProjectFields
from engine.training.spec import RunSpec

from conftest import ADMIN_PASSWORD

NAMES = [
    "Qatbiyya Zarnoush",
    "زبيدة القرويني",
    "Oskarine Vellamo",
    "هيفاء الزنبقاني",
    "Brunhold Tizzard",
    "Maelys Quernstock",
]
IDS = ["K29876504", "K29876512", "K29876520", "K29876539", "K29876547", "K29876555"]
CATEGORY = "Tizzard Qarawiyyin Trading"  # an employer: a category every summary lists
ERASED = 0  # the subject whose erasure is asked for


def canary_csv(path: Path, rows: int = 600) -> Path:
    lines = ["national_id,full_name,employer,city,age,income,default"]
    for i in range(rows):
        planted = i % 100 == 7 and i // 100 < len(NAMES)
        nid = IDS[i // 100] if planted else f"N{10000000 + i * 7919 % 89999999:08d}"
        name = NAMES[i // 100] if planted else f"Person {i}"
        city = ["Riyadh", "Jeddah", "Dammam"][i % 3]
        employer = ["Acme Foods", "Globex Steel", CATEGORY][i % 3]
        income = 4000 + (i * 37) % 9000
        lines.append(
            f'{nid},"{name}",{employer},{city},{20 + i % 45},{income},{int(income < 6000)}'
        )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def every_byte_under(folder: Path) -> list[tuple[Path, bytes]]:
    found = []
    for root, _dirs, files in os.walk(folder):
        for name in files:
            path = Path(root) / name
            try:
                found.append((path, path.read_bytes()))
            except OSError:
                continue
    return found


def hits(folders: list[Path], canaries: list[str]) -> list[str]:
    needles = [c.encode("utf-8") for c in canaries]
    return [
        f"{path}: {needle.decode()}"
        for folder in folders
        for path, data in every_byte_under(folder)
        for needle in needles
        if needle in data
    ]


@pytest.fixture
def planted(workspace, team, tmp_path, monkeypatch):
    """The workspace after every flow has seen the canaries."""
    work_tmp = tmp_path / "tmp"
    work_tmp.mkdir()
    monkeypatch.setenv("TMPDIR", str(work_tmp))
    monkeypatch.setattr(tempfile, "tempdir", str(work_tmp))
    ws, analyst, admin = workspace, team["analyst"], team["admin"]
    ws.projects.create(analyst, "p", ProjectFields())
    (tmp_path / "in").mkdir()
    source = canary_csv(tmp_path / "in" / "people.csv")
    ws.data.import_file(analyst, source, "people", project="p")
    ws.data.annotations.tag(analyst, "people", "national_id", ["identifier"], "p")
    ws.data.profile(analyst, "people@1", "p")
    ws.data.personal_data(analyst, "people@1", "p")
    contract = ws.data.contracts.infer(analyst, "people@1", "p")
    for column in contract["columns"]:
        if column["name"] == "national_id":  # the canaries break it: samples are stored
            column["pattern"] = r"^N\d{8}$"
    ws.data.contracts.save(analyst, "people", contract, "p")
    report = ws.data.contracts.validate(analyst, "people@1", dataset_ref="people@1", project="p")
    assert not report.passed
    ws.data.prepare(
        analyst,
        "people@1",
        {
            "steps": [
                {"op": "drop", "columns": ["full_name"]},
                {"op": "split", "test": 0.2, "seed": 1},
            ]
        },
        name="ready",
        project="p",
    )
    run = ws.training.train(
        analyst,
        RunSpec("ready@1", "default", model="logistic", folds=3, learning_curve=False, n_jobs=1),
        project="p",
    )
    version = ws.registry.versions.register(analyst, run.ref, "m", project="p")
    golden = {
        "national_id": IDS[2],
        "employer": CATEGORY,
        "city": "Riyadh",
        "age": 30,
        "income": 5000,
        "expected": 1,
    }
    ws.registry.tests.run(
        analyst,
        version.ref,
        {
            "name": "s",
            "check": [
                {"kind": "output"},
                {"kind": "golden", "records": [golden]},
                {
                    "kind": "slice_metric",
                    "metric": "accuracy",
                    "column": "employer",
                    "values": [CATEGORY],
                },
            ],
        },
        project="p",
    )
    ws.governance.fairness.report(analyst, version.ref, attributes=["employer"], project="p")
    ws.governance.cards.save(analyst, version.ref, {"limitations": "Canary run."}, project="p")
    ws.monitoring.drift(analyst, "people@1", source, project="p")
    ws.monitors.add(
        analyst, {"name": "mon", "reference": "people@1", "current": "people"}, project="p"
    )
    # a batch where the canary employer is new and incomes leave the reference range: the
    # drift report, the anomalies, the alert and the audit entry all have something to say
    later = canary_csv(tmp_path / "in" / "later.csv").read_text(encoding="utf-8")
    later = later.replace("Acme Foods", CATEGORY + " II").replace(",4", ",9")
    (tmp_path / "in" / "later.csv").write_text(later, encoding="utf-8")
    ws.data.import_file(analyst, tmp_path / "in" / "later.csv", "people", project="p")
    ws.monitors.run(analyst, "mon", project="p")
    return ws, admin, analyst, work_tmp


def test_no_canary_is_readable_anywhere_at_rest(planted):
    ws, _, _, work_tmp = planted
    ws.db.checkpoint()
    assert hits([ws.path, work_tmp], [*NAMES, *IDS, CATEGORY]) == []


def test_no_imported_file_can_be_confirmed_by_its_hash(planted, tmp_path):
    """Someone with the folder and a copy of a file they suspect was imported hashes it (and
    its table, the way docs/ describe): neither hash is anywhere in the workspace."""
    import hashlib

    from engine.data.canonical import CanonicalHasher

    ws, _, analyst, _ = planted
    plain = [
        hashlib.sha256((tmp_path / "in" / name).read_bytes()).hexdigest()
        for name in ("people.csv", "later.csv")
    ]
    for ref in ("people@1", "people@2"):
        version = ws.data.version(analyst, ref, "p")
        table = ws.data.read_table(analyst, version)
        hasher = CanonicalHasher(table.schema)
        for batch in table.to_batches():
            hasher.update(batch)
        plain += [hasher.hexdigest(), ws.objects.sha256(analyst, version.object_id)]
        assert version.content_hash == ws.objects.fingerprint(analyst, plain[-2])
    ws.db.checkpoint()
    assert hits([ws.path], plain) == []


def test_an_erased_subject_cannot_be_read_back_with_every_key(planted):
    ws, admin, _, work_tmp = planted
    erased = ws.governance.retention.erase(
        admin, "people", "national_id", [IDS[ERASED]], reference="DSR-1", project="p"
    )
    assert "people@1" in erased.shredded
    ws.db.checkpoint()
    assert hits([ws.path, work_tmp], [*NAMES, *IDS, CATEGORY]) == []
    # as an administrator with the keys: every readable object and stored report
    for version in ws.data.datasets(admin, "p"):
        for v in version.versions:
            try:
                table = ws.data.read_table(admin, v.ref, "p")
            except ShreddedError:
                continue
            text = table.to_pandas().to_csv()
            assert IDS[ERASED] not in text and NAMES[ERASED] not in text, v.ref
    [result] = ws.data.contracts.results(admin, "people@1", "p")  # the failing samples
    assert result.report["shredded"] and IDS[ERASED] not in str(result)
    # what was derived from the erased versions went with them: the model's test report
    # (golden records, slices), its fairness report (the groups), the monitor's drift report
    assert "ready@1" in erased.shredded
    [test] = ws.registry.tests.stored(admin, "m@1", "p")
    assert test.report["shredded"] and test.passed is not None
    assert ws.governance.fairness.reports(admin, "m@1", project="p") == []
    runs = ws.monitors.history(admin, "mon", project="p")
    assert runs and all(r.columns == {} and r.anomalies == () for r in runs)


def test_workspace_folders_and_files_are_private(workspace):
    for path in [workspace.path, *workspace.path.rglob("*")]:
        mode = stat.S_IMODE(path.stat().st_mode)
        assert mode & 0o077 == 0, f"{path} is {oct(mode)}"


def test_a_new_workspace_is_private_whatever_the_umask(tmp_path):
    from engine.workspace import Workspace

    old = os.umask(0o022)
    try:
        ws, _ = Workspace.create(tmp_path / "ws", "admin", ADMIN_PASSWORD)
        ws.close()
    finally:
        os.umask(old)
    for path in [tmp_path / "ws", *(tmp_path / "ws").rglob("*")]:
        assert stat.S_IMODE(path.stat().st_mode) & 0o077 == 0, path
