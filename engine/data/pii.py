"""Finding likely personal data: by column name and by content (names, e-mail, phone numbers
including Saudi formats, Saudi national ID and Iqama numbers, IBAN, payment cards with a
Luhn check, dates of birth, addresses), with the evidence for each finding."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

SAMPLE = 2000  # values looked at per column
THRESHOLD = 0.6  # share of sampled values that must match a content pattern

KINDS = (
    "name",
    "email",
    "phone",
    "national_id",
    "iqama",
    "iban",
    "card",
    "date_of_birth",
    "address",
    "sensitive_attribute",
)
# The tag a finding suggests: a sensitive attribute (a protected characteristic the fairness
# checks group by), an identifier (never a model feature), or personal data.
SUGGESTED_TAGS = {
    "sensitive_attribute": ("sensitive",),
    "national_id": ("personal", "identifier"),
    "iqama": ("personal", "identifier"),
}
NAME_HINTS: dict[str, re.Pattern[str]] = {
    "name": re.compile(
        r"(^|_)(full_?name|first_?name|last_?name|surname|family_?name|name)$"
        r"|الاسم|اسم",
        re.I,
    ),
    "email": re.compile(r"e_?mail|البريد", re.I),
    "phone": re.compile(r"phone|mobile|tel(ephone)?|msisdn|جوال|هاتف", re.I),
    "national_id": re.compile(r"national_?id|nid|civil_?id|الهوية|هوية", re.I),
    "iqama": re.compile(r"iqama|residen(t|cy)_?id|إقامة|اقامة", re.I),
    "iban": re.compile(r"iban|الآيبان|ايبان", re.I),
    "card": re.compile(r"card_?(no|number|num)|pan$|credit_?card|بطاقة", re.I),
    "date_of_birth": re.compile(r"birth|dob|date_?of_?birth|الميلاد", re.I),
    "address": re.compile(r"address|street|addr|العنوان|الشارع", re.I),
    "sensitive_attribute": re.compile(
        r"gender|(^|_)sex($|_)|nationality|citizenship|religion|ethnic|(^|_)race($|_)"
        r"|marital|personal_?status|disab|pregnan|(^|_)health|(^|_)age($|_)|الجنس|الجنسية"
        r"|الديانة|العمر|الحالة_?الاجتماعية|العرق|الإعاقة",
        re.I,
    ),
}
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")
# Saudi mobiles: +9665XXXXXXXX, 009665..., 9665..., 05XXXXXXXX, 5XXXXXXXX; others: E.164
_SAUDI_PHONE = re.compile(r"^(\+?966|00966|0)?5\d{8}$")
_PHONE = re.compile(r"^(\+|00)\d{8,15}$")  # international numbers carry + or 00
_DIGITS10 = re.compile(r"^[12]\d{9}$")
_IBAN_SA = re.compile(r"^SA\d{22}$")
_CARD = re.compile(r"^\d{13,19}$")
_NAME_WORDS = re.compile(
    r"^[A-Z][a-z'\-]+( [A-Z][a-z'\-]+){1,3}$"
    r"|^[\u0621-\u064a]+( [\u0621-\u064a]+){1,4}$"
)
_ADDRESS = re.compile(r"\d+.*\b(st|street|road|rd|ave|district|حي|شارع|طريق)\b", re.I)


def sensitive_by_name(names: list[str], tags: dict[str, list[str]]) -> list[str]:
    """Columns whose name suggests a sensitive attribute (sex, age, nationality, religion,
    marital status, …; English and Arabic) that nobody has tagged sensitive or dismissed
    (tag not_sensitive): what import and training bring to the analyst's attention."""
    pattern = NAME_HINTS["sensitive_attribute"]
    return [
        n
        for n in names
        if pattern.search(n) and not {"sensitive", "not_sensitive"} & set(tags.get(n, []))
    ]


def luhn(digits: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def iban_ok(text: str) -> bool:
    moved = text[4:] + text[:4]
    number = "".join(str(int(c, 36)) for c in moved)
    return int(number) % 97 == 1


def _clean(value: str) -> str:
    return re.sub(r"[\s\-().]", "", value)


CONTENT: dict[str, Any] = {
    "email": lambda v: bool(_EMAIL.match(v)),
    "phone": lambda v: (
        bool(_SAUDI_PHONE.match(_clean(v)) or _PHONE.match(_clean(v)))
        and not _DIGITS10.match(_clean(v))
    ),
    "national_id": lambda v: (
        _clean(v).startswith("1") and bool(_DIGITS10.match(_clean(v))) and luhn(_clean(v))
    ),
    "iqama": lambda v: (
        _clean(v).startswith("2") and bool(_DIGITS10.match(_clean(v))) and luhn(_clean(v))
    ),
    "iban": lambda v: bool(_IBAN_SA.match(_clean(v).upper())) and iban_ok(_clean(v).upper()),
    "card": lambda v: bool(_CARD.match(_clean(v))) and luhn(_clean(v)),
    "name": lambda v: bool(_NAME_WORDS.match(v.strip())),
    "address": lambda v: bool(_ADDRESS.search(v)),
}


@dataclass
class Finding:
    column: str
    kind: str
    confidence: str  # "high" (name and content agree, or a checksum), "medium", "low"
    evidence: list[str] = field(default_factory=list)
    examples: list[str] = field(default_factory=list)  # partly masked

    @property
    def suggested_tags(self) -> tuple[str, ...]:
        return SUGGESTED_TAGS.get(self.kind, ("personal",))


def proposed_tags(findings: list[Finding], saved: list[str]) -> set[str]:
    """The tags a column would carry after a scan: what is saved, plus what its findings
    suggest, except a suggestion the analyst already dismissed (a column saved as
    not_sensitive is not proposed as sensitive again: the two cannot be saved together)."""
    suggested = {t for f in findings for t in f.suggested_tags}
    if "not_sensitive" in saved:
        suggested.discard("sensitive")
    return set(saved) | suggested


def mask_example(value: str) -> str:
    if len(value) <= 4:
        return "*" * len(value)
    return value[:2] + "*" * (len(value) - 4) + value[-2:]


def _content_matches(values: list[str]) -> dict[str, float]:
    shares = {}
    for kind, test in CONTENT.items():
        hits = sum(1 for v in values if test(v))
        shares[kind] = hits / len(values) if values else 0.0
    return shares


def detect(table: pa.Table) -> list[Finding]:
    findings: list[Finding] = []
    for field_ in table.schema:
        name = field_.name
        column = table.column(name)
        values: list[str] = []
        if (
            pa.types.is_string(field_.type)
            or pa.types.is_large_string(field_.type)
            or pa.types.is_integer(field_.type)
        ):
            present = column.drop_null()
            sample = present.slice(0, SAMPLE) if len(present) > SAMPLE else present
            values = [str(v) for v in pc.cast(sample, pa.string()).to_pylist() if str(v).strip()]
        shares = _content_matches(values)
        for kind in KINDS:
            by_name = bool(NAME_HINTS[kind].search(name))
            share = shares.get(kind, 0.0)
            by_content = share >= THRESHOLD
            if kind == "date_of_birth":
                by_content = False
                if by_name and pa.types.is_temporal(field_.type):
                    by_content = True
            if not by_name and not by_content:
                continue
            evidence = []
            if by_name and kind == "sensitive_attribute":
                evidence.append(
                    f"the column name {name!r} suggests a sensitive attribute "
                    "(a protected characteristic for fairness checks)"
                )
            elif by_name:
                evidence.append(f"the column name {name!r} suggests {kind.replace('_', ' ')}")
            if share:
                check = (
                    " with a valid checksum"
                    if kind in ("national_id", "iqama", "iban", "card")
                    else ""
                )
                evidence.append(
                    f"{share:.0%} of {len(values)} sampled values look like "
                    f"{kind.replace('_', ' ')}{check}"
                )
            confidence = (
                "high"
                if (by_name and share >= 0.3)
                or (by_content and kind in ("national_id", "iqama", "iban", "card", "email"))
                else "medium"
                if by_content or (by_name and kind != "name")
                else "low"
            )
            test = CONTENT.get(kind)
            examples = [mask_example(v) for v in values if test is None or test(v)][:3]
            findings.append(Finding(name, kind, confidence, evidence, examples))
    return findings
