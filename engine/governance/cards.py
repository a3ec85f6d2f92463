"""Model cards (after Mitchell et al. 2019 and the Model Card Toolkit's fields), generated
from what Airlock recorded — the registry manifest, the run, the project, the datasheet,
the fairness report, approvals and stage history, monitors — plus narrative fields people
write (limitations, ethical considerations, caveats, recommendations, monitoring plan).
Rendered as Markdown, self-contained HTML (English, or Arabic right to left) and PDF."""

from __future__ import annotations

import io
from html import escape
from typing import Any

NARRATIVE = (
    "limitations",
    "ethical_considerations",
    "caveats",
    "recommendations",
    "monitoring_plan",
)
# what a complete card has (the documentation gate): (section, field, what to do)
REQUIRED = (
    ("intended_use", "intended_uses", "set the project's intended uses"),
    ("intended_use", "out_of_scope_uses", "set the project's out-of-scope uses"),
    ("training_data", "purpose", "write the training dataset's datasheet (purpose)"),
    ("evaluation", "metrics", "the version has no test metrics"),
    ("fairness", "report", "assess it: airlock governance fairness MODEL@V"),
    ("narrative", "limitations", "write the limitations"),
    ("narrative", "ethical_considerations", "write the ethical considerations"),
    ("monitoring", "plan", "add a monitor for it, or write the monitoring plan"),
)

TITLES = {
    "en": {
        "card": "Model card",
        "details": "Model details",
        "intended_use": "Intended use",
        "training_data": "Training data",
        "evaluation": "Evaluation",
        "fairness": "Fairness",
        "explanations": "Explanations",
        "governance": "Approvals and stage history",
        "monitoring": "Monitoring",
        "security": "Attack risk",
        "narrative": "Considerations",
        "missing": "Missing for a complete card",
        "limitations": "Limitations",
        "ethical_considerations": "Ethical considerations",
        "caveats": "Caveats",
        "recommendations": "Recommendations",
        "monitoring_plan": "Monitoring plan",
        "complete": "The card is complete.",
    },
    "ar": {
        "card": "بطاقة النموذج",
        "details": "تفاصيل النموذج",
        "intended_use": "الاستخدام المقصود",
        "training_data": "بيانات التدريب",
        "evaluation": "التقييم",
        "fairness": "العدالة",
        "explanations": "التفسيرات",
        "governance": "الموافقات وتاريخ المراحل",
        "monitoring": "المراقبة",
        "security": "مخاطر الهجمات",
        "narrative": "اعتبارات",
        "missing": "الناقص لاكتمال البطاقة",
        "limitations": "القيود",
        "ethical_considerations": "الاعتبارات الأخلاقية",
        "caveats": "تحفظات",
        "recommendations": "توصيات",
        "monitoring_plan": "خطة المراقبة",
        "complete": "البطاقة مكتملة.",
    },
}
# the Arabic card's field labels (English labels are the keys with spaces)
LABELS_AR = {
    "accuracy_clean": "الدقة على بيانات سليمة",
    "accuracy_with_10pct_noise": "الدقة مع تشويش 10٪",
    "algorithm": "الخوارزمية",
    "approvals": "الموافقات",
    "attributes": "السمات",
    "collection_period": "فترة الجمع",
    "content_hash": "بصمة المحتوى",
    "dataset": "مجموعة البيانات",
    "datasheet_of": "ورقة بيانات",
    "decision": "القرار",
    "description": "الوصف",
    "flags": "التنبيهات",
    "history": "السجل",
    "intended_uses": "الاستخدامات المقصودة",
    "legal_basis": "الأساس القانوني",
    "membership_inference_advantage": "ميزة هجوم استنتاج العضوية",
    "membership_inference_risk": "خطر استنتاج العضوية",
    "metrics": "المقاييس",
    "model": "النموذج",
    "model_sha256": "بصمة النموذج SHA-256",
    "monitors": "المراقِبات",
    "objective": "الهدف",
    "out_of_scope_uses": "الاستخدامات خارج النطاق",
    "owner": "المالك",
    "parity_ratios": "نسب التكافؤ",
    "permutation_importance": "أهمية التبديل",
    "personal_data": "البيانات الشخصية",
    "primary": "المقياس الرئيسي",
    "project": "المشروع",
    "purpose": "الغرض",
    "registered": "تاريخ التسجيل",
    "registered_by": "سجّله",
    "report": "التقرير",
    "retention_period": "مدة الاحتفاظ",
    "risk_tier": "مستوى المخاطر",
    "rows": "الصفوف",
    "run": "التشغيل",
    "sensitive_attributes": "السمات الحساسة",
    "source": "المصدر",
    "stage": "المرحلة",
    "success_criteria": "معايير النجاح",
    "target": "الهدف المتنبأ به",
    "task": "المهمة",
    "trained_by": "درّبه",
    "version": "الإصدار",
    "plan": "الخطة",
    "not_applicable": "لا ينطبق",
}


def _label(key: str, language: str) -> str:
    return LABELS_AR.get(key, key.replace("_", " ")) if language == "ar" else key.replace("_", " ")


def missing(card: dict[str, Any]) -> list[str]:
    """What a complete card still lacks, in words."""
    sections = card["sections"]
    out = []
    for section, field, todo in REQUIRED:
        if section == "narrative":
            present = bool(str(card["narrative"].get(field, "")).strip())
        elif section == "monitoring":
            present = bool(sections["monitoring"]["monitors"]) or bool(
                str(card["narrative"].get("monitoring_plan", "")).strip()
            )
        elif section == "fairness":  # a report, or the reason none can be made
            present = bool(sections[section].get(field) or sections[section].get("not_applicable"))
        else:
            present = bool(sections[section].get(field))
        if not present:
            out.append(f"{section.replace('_', ' ')}: {todo}")
    return out


def _value(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.4f}"
    if isinstance(value, list | tuple):
        return ", ".join(_value(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_value(v)}" for k, v in value.items())
    return "—" if value in (None, "") else str(value)


def _blocks(card: dict[str, Any], language: str) -> list[tuple[str, list[tuple[str, str]]]]:
    """The card as titled lists of (label, text)."""
    titles = TITLES[language]
    out = []
    for name, section in card["sections"].items():
        rows = []
        for key, value in section.items():
            if isinstance(value, list) and value and isinstance(value[0], dict):
                for item in value:
                    rows.append((_label(key, language), _value(item)))
            else:
                rows.append((_label(key, language), _value(value)))
        out.append((titles.get(name, name), rows))
    out.append(
        (
            titles["narrative"],
            [(titles[k], str(card["narrative"].get(k) or "—")) for k in NARRATIVE],
        )
    )
    gaps = card.get("missing") or []
    out.append((titles["missing"], [("", g) for g in gaps] or [("", titles["complete"])]))
    return out


def markdown(card: dict[str, Any], language: str = "en") -> str:
    titles = TITLES[language]
    lines = [f"# {titles['card']}: {card['ref']}", ""]
    for title, rows in _blocks(card, language):
        lines += [f"## {title}", ""]
        lines += [f"- **{label}**: {text}" if label else f"- {text}" for label, text in rows]
        lines.append("")
    lines.append(f"<!-- card {card.get('id', 'draft')} sha256 {card.get('sha256', '')} -->")
    return "\n".join(lines) + "\n"


def html(card: dict[str, Any], language: str = "en") -> str:
    titles = TITLES[language]
    direction = "rtl" if language == "ar" else "ltr"
    body = []
    for title, rows in _blocks(card, language):
        items = "".join(
            f"<tr><th>{escape(label)}</th><td>{escape(text)}</td></tr>"
            if label
            else f"<tr><td colspan='2'>{escape(text)}</td></tr>"
            for label, text in rows
        )
        body.append(f"<h2>{escape(title)}</h2><table>{items}</table>")
    style = (
        "body{font-family:sans-serif;margin:24px;color:#222}table{border-collapse:"
        "collapse;width:100%}th,td{border:1px solid #ccc;padding:4px 8px;"
        "text-align:start;vertical-align:top}th{width:28%;background:#f4f6f8}"
    )
    return (
        f"<!doctype html><html lang='{language}' dir='{direction}'><head>"
        f"<meta charset='utf-8'><title>{escape(titles['card'])}: {escape(card['ref'])}"
        f"</title><style>{style}</style></head><body><h1>{escape(titles['card'])}: "
        f"{escape(card['ref'])}</h1>{''.join(body)}</body></html>"
    )


def pdf(card: dict[str, Any], language: str = "en") -> bytes:
    """A4 pages of the card's text; Arabic right-aligned (matplotlib ≥ 3.11 shapes Arabic
    and orders it right to left with libraqm, in DejaVu Sans, which has the glyphs)."""
    import textwrap

    titles = TITLES[language]
    lines: list[tuple[str, bool]] = [(f"{titles['card']}: {card['ref']}", True)]
    for title, rows in _blocks(card, language):
        lines.append(("", False))
        lines.append((title, True))
        for label, text in rows:
            wrapped = textwrap.wrap(f"{label}: {text}" if label else text, 110) or [""]
            lines += [(w, False) for w in wrapped]
    return text_pdf(lines, rtl=language == "ar")


def text_pdf(lines: list[tuple[str, bool]], *, rtl: bool = False) -> bytes:
    """A4 pages of (text, is_heading) lines, long lines wrapped; drawn with matplotlib's
    PDF backend (no extra dependency)."""
    import textwrap

    import matplotlib

    matplotlib.use("Agg", force=False)
    from matplotlib.backends.backend_pdf import PdfPages
    from matplotlib.figure import Figure

    wrapped: list[tuple[str, bool]] = []
    for text, bold in lines:
        wrapped += [(w, bold) for w in (textwrap.wrap(text, 110, subsequent_indent="    ") or [""])]
    buffer = io.BytesIO()
    per_page = 62
    with PdfPages(buffer) as document:
        for start in range(0, len(wrapped), per_page):
            page = Figure(figsize=(8.27, 11.69))
            for row, (text, bold) in enumerate(wrapped[start : start + per_page]):
                page.text(
                    0.94 if rtl else 0.06,
                    0.96 - row * 0.0148,
                    text,
                    ha="right" if rtl else "left",
                    fontsize=8.5 if not bold else 10,
                    fontweight="bold" if bold else "normal",
                    family="DejaVu Sans",
                )
            document.savefig(page)
    return buffer.getvalue()
