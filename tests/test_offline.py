"""Zero egress: the main flows run with every socket disabled, and the suite-wide block
refuses non-loopback connections (in this process and in subprocesses)."""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

import pytest

from engine.audit.bundle_check import verify_bundle

from conftest import ADMIN_PASSWORD


def test_non_loopback_connections_are_blocked_here_and_in_subprocesses():
    with pytest.raises(OSError, match="blocked"), socket.socket() as s:
        s.connect(("192.0.2.1", 443))  # TEST-NET-1, never routed
    code = (
        "import socket\ntry:\n    socket.create_connection(('192.0.2.1', 443), 1)\n"
        "except OSError as e:\n    print(e)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60
    ).stdout
    assert "blocked" in out


def test_main_flows_with_sockets_disabled(tmp_path: Path, monkeypatch):
    from engine.workspace import Workspace

    def no_socket(*args, **kwargs):
        raise AssertionError("Airlock tried to open a socket")

    monkeypatch.setattr(socket, "socket", no_socket)
    monkeypatch.setattr(socket, "create_connection", no_socket)
    monkeypatch.setattr(socket, "getaddrinfo", no_socket)
    ws, _ = Workspace.create(tmp_path / "ws", "admin", ADMIN_PASSWORD)
    with ws:
        admin = ws.login("admin", ADMIN_PASSWORD)
        ws.users.add(admin, "ana", "analyst", "analyst password 1")
        analyst = ws.login("ana", "analyst password 1")
        ref = ws.objects.put(analyst, b"x" * 100_000, "blob")
        assert ws.objects.get_bytes(analyst, ref.id) == b"x" * 100_000
        # the data flows: project, import, profile, contract, recipe, personal data, export
        from engine.projects import ProjectFields

        ws.projects.create(
            analyst,
            "credit",
            ProjectFields(
                success_criteria=["recall>=0.7"],
                intended_uses="offline test",
                out_of_scope_uses="anything else",
            ),
        )
        csv = tmp_path / "loans.csv"
        csv.write_text(
            "id,age,city,mobile\n"
            + "".join(
                f"{i},{20 + i % 50},{['Riyadh', 'Jeddah'][i % 2]},05{51000000 + i}\n"
                for i in range(300)
            ),
            encoding="utf-8",
        )
        ws.data.import_file(analyst, csv, "loans", project="credit")
        ws.data.profile_html(analyst, "loans@1", tmp_path / "p.html", project="credit")
        contract = ws.data.contracts.infer(analyst, "loans@1", "credit")
        ws.data.contracts.save(analyst, "loans", contract, "credit")
        assert ws.data.contracts.validate(
            analyst, "loans@1", dataset_ref="loans@1", project="credit"
        ).passed
        ws.data.prepare(
            analyst,
            "loans@1",
            {
                "steps": [
                    {"op": "mask", "column": "mobile", "method": "hash"},
                    {"op": "split", "test": 0.2, "seed": 1},
                ]
            },
            name="ready",
            project="credit",
        )
        assert ws.data.personal_data(analyst, "loans@1", "credit")
        ws.data.export(analyst, "ready@1", tmp_path / "ready.parquet", project="credit")
        # training: a search over folds in worker processes, the model file, a re-run
        from engine.training.spec import RunSpec

        ws.data.annotations.tag(analyst, "loans", "mobile", ["identifier"], "credit")
        run = ws.training.train(
            analyst,
            RunSpec(
                "loans@1",
                "age",
                model="decision_tree",
                search="grid",
                space={"max_depth": [2, 3]},
                folds=3,
            ),
            project="credit",
        )
        assert ws.training.load_model(analyst, run) is not None
        assert ws.training.rerun(analyst, run.ref, "credit").identical
        # registry: register, gates, four-eyes approval, scoring, a bundle, a pipeline
        ws.users.add(admin, "val", "validator", "validator pass 1")
        validator = ws.login("val", "validator pass 1")
        version = ws.registry.versions.register(analyst, run.ref, "age_model", project="credit")
        ws.registry.tests.run(
            analyst, version.ref, {"name": "s", "check": [{"kind": "output"}]}, project="credit"
        )
        ws.registry.versions.set_stage(analyst, version.ref, "staging", project="credit")
        # governance on by default (risk tier medium): `age` is reviewed (the target here,
        # dismissed as a feature), the card is complete
        ws.data.annotations.tag(analyst, "loans", "age", ["not_sensitive"], "credit")
        ws.data.annotations.set_datasheet(analyst, "loans", {"purpose": "test"}, "credit")
        ws.governance.cards.save(
            analyst,
            version.ref,
            {
                "limitations": "synthetic",
                "ethical_considerations": "none",
                "monitoring_plan": "monthly",
            },
            project="credit",
        )
        ws.registry.approvals.request(analyst, version.ref, project="credit")
        ws.registry.approvals.approve(
            validator, version.ref, password="validator pass 1", reason="ok", project="credit"
        )
        ws.registry.deploy.score(
            analyst, "age_model", csv, tmp_path / "scores.csv", project="credit"
        )
        ws.registry.deploy.export_bundle(
            analyst, "age_model@1", tmp_path / "model.zip", project="credit"
        )
        assert ws.registry.deploy.verify_bundle(tmp_path / "model.zip").key_fingerprint
        ws.pipelines.add(
            analyst,
            {
                "name": "p",
                "trigger": {"dataset": "loans"},
                "step": [{"kind": "validate", "contract": "loans"}],
            },
            project="credit",
        )
        assert ws.pipelines.run(analyst, "p", project="credit").status == "succeeded"
        # monitoring: drift with a report over chunks, a monitor with an alert file and an
        # annotation, performance over chunks of a classifier
        ws.data.import_file(analyst, csv, "loans", project="credit")  # same content
        ws.monitoring.report_file(
            analyst, "loans@1", csv, tmp_path / "drift.html", chunk_rows=100, project="credit"
        )
        ws.monitors.add(
            analyst,
            {
                "name": "m",
                "reference": "loans@1",
                "current": "loans",
                "actions": {"alert_folder": str(tmp_path / "siem")},
            },
            project="credit",
        )
        ws.monitors.annotate(analyst, "m", "2026-01-01", "rule", project="credit")
        assert ws.monitors.run(analyst, "m", project="credit").level == "ok"
        classifier = ws.training.train(
            analyst, RunSpec("loans@1", "city", model="logistic", folds=3), project="credit"
        )
        ws.registry.versions.register(analyst, classifier.ref, "city_model", project="credit")
        assert ws.monitoring.performance(
            analyst, "city_model@1", "loans@1", project="credit"
        ).result.chunks
        ws.keys.rotate_master(admin)
        assert ws.audit.verify(admin).ok
        ws.audit.save_checkpoint(admin, tmp_path / "kept.txt")
        ws.audit.export(admin, tmp_path / "bundle.zip")
    assert verify_bundle(str(tmp_path / "bundle.zip"), (tmp_path / "kept.txt").read_text()).ok
