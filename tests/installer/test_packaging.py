"""The wheel carries everything the installed app reads: every package, the migrations, the
audit format, and the shipped resources (as airlock_resources)."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_every_package_is_listed_for_the_wheel():
    setuptools = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    found = {
        str(p.parent.relative_to(ROOT)).replace("/", ".")
        for top in ("airlock", "engine", "gui")
        for p in (ROOT / top).rglob("__init__.py")
    }
    assert set(setuptools["packages"]) == found | {"airlock_resources"}
    assert setuptools["package-dir"] == {"airlock_resources": "resources"}


def test_the_package_data_globs_find_the_files_the_app_reads():
    setuptools = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    folders = {"engine": ROOT / "engine", "airlock_resources": ROOT / "resources"}
    for package, globs in setuptools["package-data"].items():
        for pattern in globs:
            assert list(folders[package].glob(pattern)), f"{package}: {pattern}"
    wanted = [
        "resources/compliance/controls.json",
        "resources/compliance/dpia.json",
        "resources/translations/airlock_ar.qm",
        "engine/audit/FORMAT.md",
        "engine/store/migrations/env.py",
        "engine/store/migrations/script.py.mako",
    ]
    shipped = {
        str(path.relative_to(ROOT))
        for package, globs in setuptools["package-data"].items()
        for pattern in globs
        for path in folders[package].glob(pattern)
    }
    assert set(wanted) <= shipped


def test_resources_are_found_in_a_checkout():
    from engine.resources import resource_dir

    assert (resource_dir() / "compliance" / "controls.json").is_file()
