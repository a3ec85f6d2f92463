"""Compliance evidence, the auditor's timeline and the evidence pack: controls move from
missing to met as the evidence appears; the pack verifies offline (also with its own
verify_pack.py) and any change to it is detected."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile

import pytest

from engine.audit.pack_check import verify_pack
from engine.errors import PermissionDenied, ValidationError
from tests.governance.test_dpia import complete_answers
from tests.registry.conftest import VALIDATOR_PASSWORD

NARRATIVE = {
    "limitations": "Synthetic data.",
    "ethical_considerations": "Income is a proxy.",
    "recommendations": "Decision support only.",
    "monitoring_plan": "Monthly drift checks.",
}


@pytest.fixture
def production(workspace, team, lending_run):
    analyst, validator = team["analyst"], team["validator"]
    workspace.registry.versions.register(analyst, lending_run.ref, "lending")
    workspace.registry.versions.set_stage(analyst, "lending@1", "staging")
    workspace.registry.approvals.request(analyst, "lending@1", note="ready")
    workspace.registry.approvals.approve(
        validator, "lending@1", password=VALIDATOR_PASSWORD, reason="reviewed"
    )
    return "lending@1"


def status(report, control):
    return next(c for c in report["controls"] if c["id"] == control)


def test_controls_follow_the_evidence(workspace, team, production):
    gov, auditor, analyst = workspace.governance, team["auditor"], team["analyst"]
    first = gov.compliance.check(auditor)
    assert (
        first["summary"]["met"] + first["summary"]["partial"] + first["summary"]["missing"]
        == len(first["controls"])
        == 27
    )
    assert status(first, "ECC-2-12")["status"] == "met"  # the log verifies, kept 730 days
    four_eyes, gates = status(first, "SAMA-VAL")["results"]
    assert four_eyes["status"] == "met"  # approved by another person
    # the test workspace turned the default production gates off: compliance shows it
    assert gates["check"] == "production_gates" and gates["status"] == "missing"
    assert status(first, "SAMA-VAL")["status"] == "missing"
    assert status(first, "AIA-72")["status"] == "missing"  # no monitor yet
    assert status(first, "AIA-10")["status"] == "missing"  # no fairness report
    evidence = status(first, "SAMA-VAL")["results"][0]["evidence"][0]
    assert "trained by ana, approved by val" in evidence["text"]
    gov.fairness.report(analyst, production)
    after = gov.compliance.check(auditor)
    fairness = status(after, "AIA-10")["results"][1]
    assert fairness["check"] == "fairness" and fairness["status"] != "missing"
    # sensitive columns (gender, region) already make the DPIA matter (issue 19, E5: it was
    # marked met while `sex` was tagged sensitive), and so does a personal one
    assert status(first, "GDPR-35")["status"] == "missing"
    workspace.data.annotations.tag(analyst, "lending", "applicant", ["personal"])
    assert status(gov.compliance.check(auditor), "GDPR-35")["status"] == "missing"
    gov.dpia.save(analyst, complete_answers())
    gov.retention.set(analyst, "lending", 365)
    later = gov.compliance.check(auditor, frameworks=["GDPR"])
    assert {c["framework"] for c in later["controls"]} == {"GDPR"}
    assert status(later, "GDPR-35")["status"] == "met"
    assert status(later, "GDPR-17")["results"][1]["status"] == "met"  # retention set
    with pytest.raises(ValidationError, match="no framework HIPAA"):
        gov.compliance.check(auditor, frameworks=["HIPAA"])


def test_a_datasheet_declaring_personal_data_makes_the_dpia_matter(workspace, team, tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    analyst, auditor = team["analyst"], team["auditor"]
    pq.write_table(pa.table({"x": [1, 2, 3], "y": [0, 1, 0]}), tmp_path / "t.parquet")
    workspace.data.import_file(analyst, tmp_path / "t.parquet", "plain")
    assert status(workspace.governance.compliance.check(auditor), "GDPR-35")["status"] == "met"
    workspace.data.annotations.set_datasheet(analyst, "plain", {"personal_data": "No."})
    assert status(workspace.governance.compliance.check(auditor), "GDPR-35")["status"] == "met"
    workspace.data.annotations.set_datasheet(
        analyst, "plain", {"personal_data": "customer names and ages"}
    )
    assert status(workspace.governance.compliance.check(auditor), "GDPR-35")["status"] == "missing"


def test_the_report_is_written_as_html_pdf_and_json(workspace, team, production, tmp_path):
    gov, auditor = workspace.governance, team["auditor"]
    gov.evidence.export_compliance(auditor, tmp_path / "c.html")
    gov.evidence.export_compliance(auditor, tmp_path / "c.pdf")
    body = gov.evidence.export_compliance(auditor, tmp_path / "c.json")
    assert "GDPR-35" in (tmp_path / "c.html").read_text()
    assert (tmp_path / "c.pdf").read_bytes().startswith(b"%PDF")
    assert json.loads((tmp_path / "c.json").read_text())["summary"] == body["summary"]
    with pytest.raises(ValidationError, match=r"written as \.html or \.pdf or \.json"):
        gov.evidence.export_compliance(auditor, tmp_path / "c.docx")
    assert (
        len([e for e in workspace.audit.entries(auditor) if e.action == "governance.compliance"])
        == 3
    )


def test_the_timeline_tells_the_model_life_with_verified_entries(workspace, team, production):
    life = workspace.governance.evidence.timeline(team["auditor"], production)
    phases = [s["phase"] for s in life["steps"]]
    for phase in ("data", "training", "registry"):
        assert phase in phases
    assert life["log_verified"] and all(s["verified"] for s in life["steps"])
    actions = [s["action"] for s in life["steps"]]
    assert (
        actions.index("data.import")
        < actions.index("training.run")
        < actions.index("registry.register")
        < actions.index("registry.approve")
    )
    assert life["datasets"] == ["lending@1"]
    approve = next(s for s in life["steps"] if s["action"] == "registry.approve")
    # issue 20: the row states the outcome
    assert approve["what"].startswith("approved a model version for production; version ")
    with pytest.raises(PermissionDenied):
        workspace.governance.evidence.timeline(team["analyst"], production)


@pytest.mark.tampers
def test_a_tampered_log_shows_in_the_timeline(workspace, team, production):
    from tests.helpers import raw_db

    life = workspace.governance.evidence.timeline(team["auditor"], production)
    seq = next(s for s in life["steps"] if s["action"] == "registry.approve")["entries"][0]
    db = raw_db(workspace.path)
    db.execute(
        "UPDATE audit_entries SET details = replace(details, 'reviewed', "
        "'rubber-stamped') WHERE seq = ?",
        (seq["seq"],),
    )
    db.close()
    again = workspace.governance.evidence.timeline(team["auditor"], production)
    step = next(s for s in again["steps"] if s["action"] == "registry.approve")
    assert not again["log_verified"] and not step["verified"]


def test_the_evidence_pack_verifies_offline_and_detects_tampering(
    workspace, team, production, tmp_path
):
    gov, auditor = workspace.governance, team["auditor"]
    gov.cards.save(team["analyst"], production, NARRATIVE)
    out = tmp_path / "pack.zip"
    done = gov.evidence.pack(auditor, production, out)
    assert done.log_verified and done.steps >= 5
    with zipfile.ZipFile(out) as pack:
        names = set(pack.namelist())
        card = pack.read("card.md").decode()
        inner = pack.read("audit-bundle.zip")
    assert {
        "timeline.json",
        "card.html",
        "card.ar.html",
        "datasheets.json",
        "approvals.json",
        "compliance.html",
        "verify_pack.py",
        "MANIFEST.sha256",
    } <= names
    assert "lending@1" in card
    report = verify_pack(str(out))
    assert report.ok, [f.line() for f in report.findings]
    # the standalone verifier in the pack agrees, without Airlock on the path
    (tmp_path / "v").mkdir()
    with zipfile.ZipFile(out) as pack:
        pack.extract("verify_pack.py", tmp_path / "v")
    ran = subprocess.run(
        [sys.executable, "-I", str(tmp_path / "v" / "verify_pack.py"), str(out)],
        capture_output=True,
        text=True,
        cwd=tmp_path / "v",
    )
    assert ran.returncode == 0, ran.stdout + ran.stderr
    assert "Result: VALID" in ran.stdout
    [entry] = [e for e in workspace.audit.entries(auditor) if e.action == "governance.evidence"]
    assert entry.details["version"] == production

    def rewrite(name: str, change) -> str:
        bad = tmp_path / f"bad-{name.replace('/', '_')}.zip"
        with zipfile.ZipFile(out) as src, zipfile.ZipFile(bad, "w") as dst:
            for item in src.namelist():
                data = src.read(item)
                dst.writestr(item, change(data) if item == name else data)
        return str(bad)

    card_changed = rewrite("card.md", lambda d: d.replace(b"lending@1", b"lending@9"))
    findings = [f.line() for f in verify_pack(card_changed).findings]
    assert any("card.md" in f and "doesn't match the pack manifest" in f for f in findings)
    ran = subprocess.run(
        [sys.executable, "-I", str(tmp_path / "v" / "verify_pack.py"), card_changed],
        capture_output=True,
        text=True,
    )
    assert ran.returncode == 1 and "INVALID" in ran.stdout

    # a forged timeline that cites an entry the signed log does not have
    def forge(data: bytes) -> bytes:
        timeline = json.loads(data)
        timeline["steps"][0]["entries"][0]["hash"] = "0" * 64
        return json.dumps(timeline).encode()

    assert any(
        "cites audit entry" in f.line()
        for f in verify_pack(rewrite("timeline.json", forge)).findings
    )

    # an edited entry inside the nested audit bundle
    def edit_bundle(data: bytes) -> bytes:
        import io

        src, dst = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
        with zipfile.ZipFile(dst, "w") as out_zip:
            for item in src.namelist():
                body = src.read(item)
                if item == "entries.jsonl":
                    body = body.replace(b'"reviewed"', b'"waved through"')
                out_zip.writestr(item, body)
        return dst.getvalue()

    assert not verify_pack(rewrite("audit-bundle.zip", edit_bundle)).ok
    assert inner  # the bundle is really inside
    # an added file
    extra = tmp_path / "extra.zip"
    extra.write_bytes(out.read_bytes())
    with zipfile.ZipFile(extra, "a") as pack:
        pack.writestr("note.txt", "trust me")
    assert any("added after signing" in f.line() for f in verify_pack(str(extra)).findings)
    assert not verify_pack(str(tmp_path / "missing.zip")).ok


def test_only_roles_that_may_export_the_log_write_a_pack(workspace, team, production, tmp_path):
    with pytest.raises(PermissionDenied):
        workspace.governance.evidence.pack(team["analyst"], production, tmp_path / "p.zip")
    with pytest.raises(ValidationError, match=r"written as \.zip"):
        workspace.governance.evidence.pack(team["auditor"], production, tmp_path / "p.tar")
    assert not list(tmp_path.glob("*p.zip*"))
