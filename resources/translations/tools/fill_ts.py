"""Fill the Arabic .ts from arabic.py (the translators' working list, English -> Arabic).

    python resources/translations/tools/fill_ts.py resources/translations/airlock_ar.ts

Strings with no entry stay "unfinished" and are listed; the test suite fails until they are
translated (here, or in pyside6-linguist).
"""

import sys
import xml.etree.ElementTree as ET
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from arabic import AR


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
            form.text = AR[source]
        if not forms:
            translation.text = AR[source]
    tree.write(path, encoding="utf-8", xml_declaration=True)
    for source in missing:
        print(f"untranslated: {source!r}")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
