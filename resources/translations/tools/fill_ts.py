"""Fill the Arabic .ts from arabic.py (the translators' working list, English -> Arabic).

    python resources/translations/tools/fill_ts.py resources/translations/airlock_ar.ts

Strings with no entry stay "unfinished" and are listed; the test suite fails until they are
translated (here, or in pyside6-linguist).
"""

import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from arabic import AR


# In an Arabic sentence a value put in for %1 — a name@version, a timestamp, an interval
# "0.60–0.85" — takes the sentence's direction at its edges and scrambles ("1@credit").
# Each placeholder is wrapped in FIRST STRONG ISOLATE … POP DIRECTIONAL ISOLATE (Unicode
# bidi, UAX #9): the value keeps its own direction (Latin and numbers left to right, an
# Arabic phrase right to left) and the sentence around it is not disturbed.
_PLACEHOLDER = re.compile(r"(?<!\u2068)%(\d)")


def isolate(text: str) -> str:
    text = _PLACEHOLDER.sub("\u2068%\\1\u2069", text)
    # Qt takes a paragraph's direction from its first strong letter, isolates included: a
    # sentence that starts with a value ("credit@1 · 12,000 صفًا …") would be laid out left
    # to right. A RIGHT-TO-LEFT MARK first keeps it an Arabic sentence.
    return "\u200f" + text if text.startswith("\u2068") else text


def main(path: str) -> int:
    tree = ET.parse(path)
    missing = []
    for message in tree.getroot().iter("message"):
        source = message.find("source").text
        translation = message.find("translation")
        if source not in AR:
            if translation.get("type") == "unfinished":
                missing.append(source)
            continue
        translation.attrib.pop("type", None)
        forms = translation.findall("numerusform")
        for form in forms:
            form.text = isolate(AR[source])
        if not forms:
            translation.text = isolate(AR[source])
    tree.write(path, encoding="utf-8", xml_declaration=True)
    for source in missing:
        print(f"untranslated: {source!r}")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
