"""Model cards: generated from the recorded evidence, the narrative saved as numbered,
audited, hash-pinned card versions, exported in Markdown, HTML (English and Arabic) and PDF,
and the documentation gate that blocks promotion until the card is complete."""

from __future__ import annotations

import json

import pytest

from engine.errors import IntegrityError, PermissionDenied, ValidationError
from engine.objects.sealed import SEALER
from engine.projects import ProjectFields
from engine.store.schema import ModelCardRow

NARRATIVE = {
    "limitations": "Trained on 2025 applicants only.",
    "ethical_considerations": "Income is a proxy for gender; see the fairness report.",
}


def test_the_card_is_built_from_evidence_and_saved_as_numbered_versions(
    workspace, analyst, team, lending_run
):
    version = workspace.registry.versions.register(analyst, lending_run.ref, "lending")
    draft = workspace.governance.cards.card(analyst, version.ref)
    sections = draft["sections"]
    assert sections["details"]["algorithm"] == "logistic"
    assert sections["details"]["run"] == lending_run.ref
    assert sections["training_data"]["dataset"] == "lending@1"
    assert sections["evaluation"]["metrics"]["roc_auc"] > 0.6
    assert sections["explanations"]["permutation_importance"] == []  # explain=False
    assert any("intended uses" in m for m in draft["missing"])
    assert any("fairness" in m for m in draft["missing"])
    workspace.projects.edit(
        analyst,
        None,
        ProjectFields(
            intended_uses="Support loan officers.", out_of_scope_uses="Automated declines."
        ),
    )
    workspace.data.annotations.set_datasheet(analyst, "lending", {"purpose": "Lending."})
    workspace.governance.fairness.report(analyst, version.ref)
    workspace.monitors.add(
        analyst, {"name": "lend", "reference": "lending@1", "current": "lending"}
    )
    with pytest.raises(PermissionDenied):
        workspace.governance.cards.save(team["validator"], version.ref, NARRATIVE)
    with pytest.raises(ValidationError, match="Unknown card fields: tone"):
        workspace.governance.cards.save(analyst, version.ref, {"tone": "x"})
    first = workspace.governance.cards.save(analyst, version.ref, NARRATIVE)
    assert first["number"] == 1 and first["missing"] == []
    assert first["sections"]["fairness"]["flags"][0].startswith("gender: F")
    assert first["sections"]["monitoring"]["monitors"] == ["lend"]
    second = workspace.governance.cards.save(
        analyst, version.ref, {"caveats": "Small region groups."}
    )
    assert (
        second["number"] == 2 and second["narrative"]["limitations"] == NARRATIVE["limitations"]
    )  # the newest saved narrative carries over
    assert [c.number for c in workspace.governance.cards.saved(team["auditor"], version.ref)] == [
        2,
        1,
    ]
    entry = [e for e in workspace.audit.entries(team["admin"]) if e.action == "governance.card"][-1]
    assert entry.details["sha256"] == second["sha256"] and entry.details["card"] == 2
    with workspace.db.transaction() as session:  # an insider who holds the keys: the card
        row = session.get(ModelCardRow, second["id"])  # is sealed, so edit it in plaintext
        assert row.card.startswith("sealed1:")
        body = json.loads(SEALER.open(session, analyst, row.card, f"model_cards/{row.id}/card"))
        body["narrative"]["limitations"] = "None."
        row.card = json.dumps(body)
    with pytest.raises(IntegrityError, match="was changed after it was saved"):
        workspace.governance.cards.card(analyst, version.ref)
    with workspace.db.transaction() as session:  # another card's sealed text: refused too
        first_row = session.get(ModelCardRow, first["id"])
        session.get(ModelCardRow, second["id"]).card = first_row.card
    with pytest.raises(IntegrityError, match="does not authenticate"):
        workspace.governance.cards.card(analyst, version.ref)


def test_exports_and_the_documentation_gate(workspace, analyst, lending_run, tmp_path):
    from engine.registry.gates import parse_policy

    version = workspace.registry.versions.register(analyst, lending_run.ref, "lending")
    workspace.registry.gates.set_policy(
        analyst, "lending", parse_policy({"gate": [{"kind": "card"}]})
    )
    [gate] = workspace.registry.gates.check(analyst, version.ref, "staging")
    assert not gate.passed and "no saved model card" in gate.detail
    workspace.governance.cards.save(analyst, version.ref, NARRATIVE)
    [gate] = workspace.registry.gates.check(analyst, version.ref, "staging")
    assert not gate.passed and "card 1 lacks: intended use" in gate.detail
    with pytest.raises(ValidationError, match="cannot move to staging"):
        workspace.registry.versions.set_stage(analyst, version.ref, "staging")
    workspace.projects.edit(
        analyst,
        None,
        ProjectFields(
            intended_uses="Support loan officers.", out_of_scope_uses="Automated declines."
        ),
    )
    workspace.data.annotations.set_datasheet(analyst, "lending", {"purpose": "Lending."})
    workspace.governance.fairness.report(analyst, version.ref)
    workspace.governance.cards.save(
        analyst, version.ref, {"monitoring_plan": "Monthly drift and accuracy review."}
    )
    [gate] = workspace.registry.gates.check(analyst, version.ref, "staging")
    assert gate.passed, gate.detail
    workspace.registry.versions.set_stage(analyst, version.ref, "staging")
    workspace.projects.edit(analyst, None, ProjectFields(success_criteria=["accuracy>=0.6"]))
    for name, language, needle in (
        ("card.md", "en", "# Model card: lending@1"),
        ("card.html", "en", "<h2>Fairness</h2>"),
        ("card-ar.html", "ar", "dir='rtl'"),
    ):
        out = workspace.governance.cards.export(
            analyst, version.ref, tmp_path / name, language=language
        )
        assert needle in out.read_text(encoding="utf-8")
    arabic_html = (tmp_path / "card-ar.html").read_text(encoding="utf-8")
    assert "بطاقة النموذج" in arabic_html and "<th>مستوى المخاطر</th>" in arabic_html
    assert "success criteria**: accuracy >= 0.6" in (tmp_path / "card.md").read_text()
    assert "Trained on 2025 applicants only." in (tmp_path / "card.md").read_text()
    pdf = workspace.governance.cards.export(analyst, version.ref, tmp_path / "card.pdf")
    assert pdf.read_bytes().startswith(b"%PDF")
    arabic = workspace.governance.cards.export(
        analyst, version.ref, tmp_path / "card-ar.pdf", language="ar"
    ).read_bytes()
    # shaped Arabic: the glyphs drawn are the positional forms (e.g. beh initial, U+FE91)
    assert (
        arabic.startswith(b"%PDF") and b"uniFE91" in arabic and b"uniFE91" not in pdf.read_bytes()
    )
    for name, language, message in (
        ("card.docx", "en", "written as .md, .html or .pdf"),
        ("card.md", "fr", "language is en or ar"),
    ):
        with pytest.raises(ValidationError, match=message):
            workspace.governance.cards.export(
                analyst, version.ref, tmp_path / name, language=language
            )
