"""Detail panes are pure functions (gui/details.py): engine data in, HTML out. They are
called here without a window or a workspace, as a reviewer would read them."""

from __future__ import annotations

from types import SimpleNamespace

from PySide6.QtGui import QPalette

from gui.details import (
    engine_sentence,
    pipeline_html,
    readable_times,
    stage_word,
    status_word,
    version_html,
)
from gui.i18n import FSI, install_language, local_time
from gui.palette import _DARK, _LIGHT


def _version(**extra):
    base = dict(
        ref="credit@2",
        stage="staging",
        trained_by="ana",
        registered_by="ana",
        registered="2026-12-07T18:18:50.955495+00:00",
        model_sha256="ab" * 32,
        manifest={"algorithm": "logistic", "target": "default", "task": "binary"},
        lineage={"run_ref": "baseline#1", "dataset_ref": "loans@1"},
        metrics={"roc_auc": 0.8548, "brier": None},
        description="",
        signature={"inputs": [{"name": "age", "kind": "integer"}]},
    )
    base.update(extra)
    return SimpleNamespace(**base)


GATES = [
    SimpleNamespace(passed=True, gate="roc_auc ≥ 0.7", detail="roc_auc is 0.8548"),
    SimpleNamespace(
        passed=False,
        gate="a complete model card",
        detail="no card: run `airlock governance card credit@2` "
        "(report of 2026-12-07T18:18:50.955495Z)",
    ),
]


def test_a_version_pane_reads_as_a_page_not_as_engine_output(qapp, english):
    text = version_html(_version(), GATES, "production")
    assert "<h3>credit@2 " in text and "staging" in text
    assert "Trained by ana (run baseline#1) on loans@1" in text
    assert "—" in text  # a metric without a value
    assert "airlock governance" not in text  # the gate's hint names the GUI place
    assert ".955495" not in text and local_time("2026-12-07T18:18:50.955495Z") in text
    assert "dir='rtl'" not in text
    assert "No gates apply to production." in version_html(_version(), [], "production")


def test_colours_come_from_the_theme(qapp, english):
    light = version_html(_version(), GATES, "production")
    assert _LIGHT["alert"] in light and _LIGHT["ok"] in light
    original = qapp.palette()
    dark = QPalette(original)
    dark.setColor(QPalette.ColorRole.Window, "#202124")
    qapp.setPalette(dark)
    try:
        text = version_html(_version(), GATES, "production")
    finally:
        qapp.setPalette(original)
    assert _DARK["alert"] in text and _LIGHT["alert"] not in text


def test_right_to_left_the_page_and_its_values_keep_their_direction(qapp):
    assert install_language(qapp, "ar")
    try:
        text = version_html(_version(), GATES, "production", rtl=True)
        assert text.startswith("<div dir='rtl'>")
        assert f"{FSI}credit@2" in text
        assert stage_word("staging") == "ما قبل الإنتاج" and "ما قبل الإنتاج" in text
        assert status_word("succeeded") != "succeeded"
    finally:
        install_language(qapp, "en")


def test_engine_sentences_lose_timestamps_microseconds_and_command_syntax():
    assert (
        readable_times("checked 2026-12-07T18:18:50.955495Z ok")
        == f"checked {local_time('2026-12-07T18:18:50.955495Z')} ok"
    )
    assert readable_times("no stamp here 2026-12-07") == "no stamp here 2026-12-07"
    assert "&lt;" in engine_sentence("a < b")  # escaped for the pane


def test_a_pipeline_pane(qapp, english):
    pipeline = SimpleNamespace(
        name="monthly",
        version=2,
        trigger="inbox/m_*.csv → m",
        created_by="ana",
        created="2026-12-07T18:18:50.955495+00:00",
        definition={
            "description": "Retrain monthly.",
            "step": [
                {"kind": "prepare", "recipe": {"name": "model input"}},
                {"kind": "train", "model": "logistic"},
            ],
        },
    )
    text = pipeline_html(pipeline)
    assert "<h3>monthly v2</h3>" in text and "Trigger: inbox/m_*.csv → m" in text
    assert "<b>prepare</b> recipe=model input" in text and "model=logistic" in text
    assert pipeline_html(pipeline, rtl=True).startswith("<div dir='rtl'>")
