"""Build verify_bundle.py: the verifier modules joined into one file that needs only the
standard library and `cryptography`, so an auditor can read and run it anywhere."""

from __future__ import annotations

import ast
from pathlib import Path

# In dependency order; each imports only the stdlib, cryptography and earlier ones.
MODULES = (
    "canonical",
    "merkle",
    "record",
    "rules",
    "content_checks",
    "key_rules",
    "authority",
    "notes",
    "findings",
    "entry_checks",
    "checks",
    "proof_check",
    "bundle_check",
)
HEADER = '''#!/usr/bin/env python3
"""Standalone verifier for Airlock audit bundles.

Usage: python verify_bundle.py BUNDLE.zip [--trusted-checkpoint FILE] [--trusted-key FPR]
Needs Python 3.11+ and the `cryptography` package, nothing else. Exit status 0 when
everything verifies, 1 when anything is invalid. The algorithm is specified in FORMAT.md.
Generated from the Airlock modules {modules}.
"""

from __future__ import annotations
'''


def _strip(source: str) -> str:
    """Drop the module's relative imports, its type-checking-only imports and its
    `from __future__` line."""
    tree = ast.parse(source)
    drop: set[int] = set()
    for node in tree.body:
        relative = isinstance(node, ast.ImportFrom) and (
            node.level > 0 or node.module == "__future__"
        )
        # `if TYPE_CHECKING:` imports are for type checkers only (and relative)
        typing_only = isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING"
        if relative or typing_only:
            end = node.end_lineno or node.lineno
            drop.update(range(node.lineno, end + 1))
    lines = source.splitlines()
    kept = [line for number, line in enumerate(lines, 1) if number not in drop]
    return "\n".join(kept).replace('if __name__ == "__main__":\n    sys.exit(main())', "")


def build_verifier(modules: tuple[str, ...] = MODULES, header: str = HEADER) -> str:
    folder = Path(__file__).parent
    parts = [header.format(modules=", ".join(f"engine.audit.{m}" for m in modules))]
    for name in modules:
        source = (folder / f"{name}.py").read_text(encoding="utf-8")
        parts.append(f"\n# ---- engine/audit/{name}.py " + "-" * 50 + "\n")
        parts.append(_strip(source))
    parts.append('\n\nif __name__ == "__main__":\n    sys.exit(main())\n')
    return "".join(parts)


PACK_HEADER = '''#!/usr/bin/env python3
"""Standalone verifier for Airlock evidence packs.

Usage: python verify_pack.py PACK.zip [--trusted-key FINGERPRINT]
Needs Python 3.11+ and the `cryptography` package, nothing else. Exit status 0 when the
pack, its audit bundle and its timeline all verify, 1 otherwise.
Generated from the Airlock modules {modules}.
"""

from __future__ import annotations
'''


def build_pack_verifier() -> str:
    """verify_pack.py: the bundle verifier's modules and pack_check (its main wins)."""
    return build_verifier((*MODULES, "pack_check"), PACK_HEADER)
