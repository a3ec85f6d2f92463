"""Retention periods, the crypto-shredding purge job and data-subject erasure: a shredded
version can never be read again while the others stay intact, the key bytes leave the
database files, and the audit log still verifies."""

from __future__ import annotations

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from engine.errors import PermissionDenied, ShreddedError, ValidationError
from engine.store.schema import DatasetVersionRow, ObjectRow, RetrainFlagRow
from engine.training.spec import RunSpec

FAST = {"learning_curve": False, "n_jobs": 1, "explain": False, "folds": 3}
DAY = 86_400


def people(start: int, rows: int = 200) -> pa.Table:
    ids = list(range(start, start + rows))
    return pa.table(
        {
            "customer_id": ids,
            "age": [20 + i % 50 for i in ids],
            "income": [float(1000 + 37 * i % 5000) for i in ids],
            "bought": ["yes" if i % 3 else "no" for i in ids],
        }
    )


def put(workspace, actor, tmp_path, table: pa.Table, name: str):
    path = tmp_path / f"{name}-{table.num_rows}-{table.column(0)[0].as_py()}.parquet"
    pq.write_table(table, path)
    return workspace.data.import_file(actor, path, name).version


def entries(workspace, actor, action):
    return [e for e in workspace.audit.entries(actor) if e.action == action]


def test_purge_shreds_expired_versions_only(workspace, team, clock, tmp_path):
    admin, analyst = team["admin"], team["analyst"]
    old = put(workspace, analyst, tmp_path, people(0), "people")
    clock.advance(20 * DAY)
    new = put(workspace, analyst, tmp_path, people(1000), "people")
    other = put(workspace, analyst, tmp_path, people(5000), "other")
    workspace.governance.retention.set(analyst, "people", 30)
    clock.advance(15 * DAY)  # people@1 is 35 days old, people@2 15 days
    with workspace.db.reading() as session:
        wrapped = session.get(ObjectRow, old.object_id).wrapped_dek
    [row] = [r for r in workspace.governance.retention.overview(admin) if r.dataset == "people"]
    assert row.days == 30 and row.expired == ("people@1",)
    assert [s.ref for s in workspace.governance.retention.purge(admin, dry_run=True)] == [
        "people@1"
    ]
    assert workspace.data.read_table(admin, "people@1").num_rows == 200  # dry run: intact

    with pytest.raises(PermissionDenied):
        workspace.governance.retention.purge(analyst)
    done = workspace.governance.retention.purge(admin)
    assert [(s.ref, s.object_destroyed) for s in done] == [("people@1", True)]

    with pytest.raises(
        ShreddedError,
        match=r"people@1 was crypto-shredded on 2026-12-31 "
        r"\(retention period ended\)",
    ):
        workspace.data.read_table(admin, "people@1")
    with pytest.raises(ShreddedError, match="data key is destroyed"):
        workspace.objects.get_bytes(admin, old.object_id)
    assert not workspace.objects.path(old.object_id).exists()
    assert workspace.data.read_table(admin, "people@2").column("customer_id")[0].as_py() == 1000
    assert workspace.data.read_table(admin, "other@1").num_rows == 200
    assert new.object_id != old.object_id and other.object_id != old.object_id
    # the tombstone keeps what lineage and the log need
    tomb = workspace.data.version(admin, "people@1")
    assert tomb.shredded and tomb.content_hash == old.content_hash and tomb.rows == 200
    # the wrapped key is gone from the database and its write-ahead log
    disk = b"".join(p.read_bytes() for p in workspace.path.glob("metadata.db*"))
    assert wrapped not in disk
    [entry] = entries(workspace, admin, "governance.shred")
    assert entry.details["content_hash"] == old.content_hash
    assert entry.details["key_destroyed"] is True
    assert workspace.audit.verify(team["auditor"]).ok
    assert workspace.objects.missing_or_damaged(admin) == []  # shredded is not damaged
    assert workspace.governance.retention.purge(admin) == []  # nothing left to do


def test_shared_content_is_kept_for_the_version_that_may_keep_it(workspace, team, clock, tmp_path):
    admin, analyst = team["admin"], team["analyst"]
    a = put(workspace, analyst, tmp_path, people(0), "short_lived")
    b = put(workspace, analyst, tmp_path, people(0), "kept")
    assert a.object_id == b.object_id  # the store keeps identical content once
    workspace.governance.retention.set(analyst, "short_lived", 1)
    clock.advance(2 * DAY)
    [done] = workspace.governance.retention.purge(admin)
    assert (done.ref, done.object_destroyed) == ("short_lived@1", False)
    with pytest.raises(ShreddedError):
        workspace.data.read_table(admin, "short_lived@1")
    assert workspace.data.read_table(admin, "kept@1").num_rows == 200


def test_retention_period_is_checked_and_audited(workspace, team, tmp_path):
    analyst = team["analyst"]
    put(workspace, analyst, tmp_path, people(0), "people")
    for bad in (0, -3, 40_000, 2.5):
        with pytest.raises(ValidationError, match="1 to 36500 days"):
            workspace.governance.retention.set(analyst, "people", bad)
    with pytest.raises(PermissionDenied):
        workspace.governance.retention.set(team["auditor"], "people", 10)
    workspace.governance.retention.set(analyst, "people", 365)
    workspace.governance.retention.set(analyst, "people", None)
    changes = [
        (e.details["from"], e.details["to"])
        for e in entries(workspace, team["admin"], "governance.retention")
    ]
    assert changes == [(None, 365), (365, None)]


@pytest.fixture
def customers(workspace, team, clock, tmp_path):
    """customers@1, @2 (more rows), a masked derived dataset, and a model trained on @2."""
    analyst = team["analyst"]
    put(workspace, analyst, tmp_path, people(0, 300), "customers")
    clock.advance(DAY)
    put(
        workspace,
        analyst,
        tmp_path,
        pa.concat_tables([people(0, 300), people(300, 100)]),
        "customers",
    )
    workspace.data.prepare(
        analyst,
        "customers@2",
        {
            "format": "airlock-recipe/v1",
            "name": "masked",
            "steps": [{"op": "mask", "column": "customer_id", "method": "hash"}],
        },
        name="customers_masked",
    )
    run = workspace.training.train(
        analyst, RunSpec(dataset="customers@2", target="bought", model="logistic", **FAST)
    )
    workspace.registry.versions.register(analyst, run.ref, "buyer")
    return analyst


def test_erasure_removes_the_subjects_everywhere(workspace, team, customers, tmp_path):
    admin = team["admin"]
    before = workspace.data.read_table(admin, "customers@2").num_rows
    done = workspace.governance.retention.erase(
        admin, "customers", "customer_id", ["7", 8.0, 305], reference="DSR-2026-041"
    )
    assert done.subjects == 3 and done.rows_removed == 3
    assert done.new_versions == ("customers@3", "customers_masked@2")
    assert set(done.shredded) == {"customers@1", "customers@2", "customers_masked@1"}
    assert done.flagged == ("buyer@1",)
    clean = workspace.data.read_table(admin, "customers@3")
    assert clean.num_rows == before - 3
    assert not {7, 8, 305} & set(clean.column("customer_id").to_pylist())
    masked = workspace.data.read_table(admin, "customers_masked@2")
    assert masked.num_rows == before - 3
    for ref in done.shredded:
        with pytest.raises(ShreddedError):
            workspace.data.read_table(admin, ref)
    [row] = workspace.governance.inventory.rows(admin)
    assert "to retrain: its training data was erased" in row.attention
    flags = workspace.governance.retention.retrain_flags(admin)
    assert [f.version for f in flags] == ["buyer@1"]
    assert "DSR-2026-041" in flags[0].reason
    [record] = workspace.governance.retention.erasures(admin)
    assert record.reference == "DSR-2026-041" and record.subjects == 3
    # the log names the request, never the subjects
    [entry] = entries(workspace, admin, "governance.erasure")
    assert entry.details["subjects"] == 3 and "305" not in str(entry.details)
    assert len(entries(workspace, admin, "governance.shred")) == 3
    assert workspace.audit.verify(team["auditor"]).ok
    # the new version's lineage says where it came from
    assert workspace.data.version(admin, "customers@3").parents == (
        workspace.data.version(admin, "customers@2").id,
    )
    # model show and score say the model is flagged (issue 19, E1)
    buyer = workspace.registry.versions.version(admin, "buyer@1")
    [note] = workspace.registry.deploy.erasure_notes(admin, buyer)
    assert note.startswith("buyer@1 is flagged for retraining") and "DSR-2026-041" in note
    batch = tmp_path / "batch.csv"
    batch.write_text("customer_id,age,income\n1,30,2000.0\n2,40,3000.0\n")
    scored = workspace.registry.deploy.score(customers, "buyer@1", batch, tmp_path / "out.csv")
    assert note in scored.notes


def test_erasure_without_a_match_changes_nothing(workspace, team, customers):
    admin = team["admin"]
    with pytest.raises(
        ValidationError,
        match="No version of customers has a row whose customer_id is one of the 1 subject",
    ):
        workspace.governance.retention.erase(
            admin, "customers", "customer_id", ["99999"], reference="DSR-1"
        )
    with pytest.raises(ValidationError, match="request's reference"):
        workspace.governance.retention.erase(
            admin, "customers", "customer_id", ["7"], reference=" "
        )
    with pytest.raises(ValidationError, match="at least one data subject"):
        workspace.governance.retention.erase(
            admin, "customers", "customer_id", [" "], reference="x"
        )
    with pytest.raises(PermissionDenied):
        workspace.governance.retention.erase(
            customers, "customers", "customer_id", ["7"], reference="DSR-1"
        )
    assert [v.version for v in workspace.data.datasets(admin)[0].versions] == [1, 2]
    assert not entries(workspace, admin, "governance.shred")
    with workspace.db.reading() as session:
        assert (
            session.query(DatasetVersionRow).filter(DatasetVersionRow.shredded.is_not(None)).count()
            == 0
        )
        assert session.query(RetrainFlagRow).count() == 0


def test_the_audit_log_cannot_be_pruned_inside_its_retention(workspace, team, clock):
    from datetime import timedelta

    admin = team["admin"]
    before = len(workspace.audit.entries(admin))
    days = workspace.settings.all(admin)["audit_retention_days"]
    assert days == 730
    with pytest.raises(
        ValidationError,
        match=r"cannot be pruned before 2026-11-01: entries "
        r"made after 2024-11-26 are inside the "
        r"730-day retention period",
    ):
        workspace.audit.prune(admin, clock.now - timedelta(days=25), retention_days=days)
    with pytest.raises(PermissionDenied):
        workspace.audit.prune(team["auditor"], clock.now, retention_days=days)
    with pytest.raises(ValidationError, match=r"must be an integer from 365"):
        workspace.settings.set(admin, "audit_retention_days", 100)
    after = workspace.audit.entries(admin)
    assert [e.seq for e in after[:before]] == list(range(1, before + 1))
    refused = [e for e in after if e.action == "access.denied"]
    assert refused[-1].details["action"] == "audit.prune"
    assert workspace.audit.verify(team["auditor"]).ok


def test_a_dataset_made_from_another_keeps_its_tags_datasheet_and_retention(
    workspace, team, tmp_path
):
    analyst = team["analyst"]
    put(workspace, analyst, tmp_path, people(0), "people")
    workspace.data.annotations.tag(analyst, "people", "customer_id", ["personal"])
    workspace.data.annotations.set_datasheet(analyst, "people", {"purpose": "Marketing."})
    workspace.governance.retention.set(analyst, "people", 90)
    workspace.data.prepare(
        analyst,
        "people@1",
        {
            "format": "airlock-recipe/v1",
            "name": "masked",
            "steps": [{"op": "mask", "column": "customer_id", "method": "hash"}],
        },
        name="people_masked",
    )
    derived = {d.name: d for d in workspace.data.datasets(analyst)}["people_masked"]
    assert derived.column_tags == {"customer_id": ["personal"]}
    assert derived.datasheet == {"purpose": "Marketing."}
    [row] = [
        r for r in workspace.governance.retention.overview(analyst) if r.dataset == "people_masked"
    ]
    assert row.days == 90
    [entry] = [
        e
        for e in workspace.audit.entries(team["admin"])
        if e.action == "governance.retention" and e.details.get("inherited_from")
    ]
    assert entry.details == {
        "dataset": "people_masked",
        "from": None,
        "to": 90,
        "inherited_from": "people",
    }


def test_erasure_from_old_versions_only_keeps_the_newest(workspace, team, clock, tmp_path):
    admin, analyst = team["admin"], team["analyst"]
    put(workspace, analyst, tmp_path, people(0, 50), "people")
    clock.advance(DAY)
    put(workspace, analyst, tmp_path, people(100, 50), "people")  # subject 7 left already
    done = workspace.governance.retention.erase(
        admin, "people", "customer_id", ["7"], reference="D-2"
    )
    assert done.shredded == ("people@1",) and done.new_versions == ()
    assert done.rows_removed == 0 and "no longer holds them" in done.notes[0]
    assert workspace.data.read_table(admin, "people").num_rows == 50  # people@2, untouched


def test_subject_ids_match_across_column_types():
    from engine.governance.erasure import _key, _matches

    wanted = sorted({_key(v) for v in ["1001", 1002.0, " 1003 ", "abc"]})
    cases = [
        pa.array([1001, 1002, 5, None]),
        pa.array([1001.0, 1002.0, 1002.5, None]),
        pa.array(["1001", "1002 ", "x", None]),
        pa.array([" abc", "1003", "1001.0", "z"]),
    ]
    expected = [
        [True, True, False, False],
        [True, True, False, False],
        [True, True, False, False],
        [True, True, False, False],
    ]
    for column, want in zip(cases, expected, strict=True):
        assert _matches(pa.chunked_array([column]), wanted).to_pylist() == want, column


def _readable_plaintexts(workspace, admin) -> dict[str, bytes]:
    """Every object the workspace can still decrypt, by kind and id."""
    from sqlalchemy import select

    with workspace.db.reading() as session:
        rows = list(
            session.execute(
                select(ObjectRow.id, ObjectRow.kind).where(ObjectRow.wrapped_dek != b"")
            )
        )
    return {f"{kind}:{oid}": workspace.objects.get_bytes(admin, oid) for oid, kind in rows}


def test_erasure_shreds_the_drift_profiles_computed_from_the_data(workspace, team, tmp_path):
    # issue 19 (E1): after an erasure the cached drift reference profile still held every
    # row's values, the erased person's included, under a live key, and drift still ran on
    # the shredded reference
    admin, analyst = team["admin"], team["analyst"]
    table = people(0, 300)
    employer = ["Zarnoush Holdings" if i == 7 else f"Employer {i % 4}" for i in range(300)]
    table = table.append_column("employer", pa.array(employer))
    put(workspace, analyst, tmp_path, table, "hr")
    put(
        workspace,
        analyst,
        tmp_path,
        people(1000, 300).append_column(
            "employer", pa.array([f"Employer {i % 4}" for i in range(300)])
        ),
        "hr_test",
    )
    workspace.monitoring.drift(analyst, "hr@1", "hr_test@1")  # caches hr@1's profile
    found = [
        k
        for k, data in _readable_plaintexts(workspace, admin).items()
        if b"Zarnoush Holdings" in data
    ]
    assert any(k.startswith("driftprofile:") for k in found), found  # the test can see it
    workspace.governance.retention.erase(admin, "hr", "customer_id", [7], reference="DSR-19")
    leaks = [
        k
        for k, data in _readable_plaintexts(workspace, admin).items()
        if b"Zarnoush Holdings" in data
    ]
    assert leaks == []
    with pytest.raises(ShreddedError, match="hr@1 was crypto-shredded"):
        workspace.monitoring.drift(analyst, "hr@1", "hr_test@1")
    [cache] = [
        e
        for e in entries(workspace, admin, "governance.shred")
        if e.target == "cache:drift-profiles"
    ]
    assert cache.details["profiles"] >= 1 and cache.details["erasure"]
    # the next drift against the kept data computes its profile afresh
    assert workspace.monitoring.drift(analyst, "hr@2", "hr_test@1").columns
    assert workspace.audit.verify(team["auditor"]).ok
