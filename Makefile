# The two commands: `make run` sets up and opens the app, `make test` sets up and runs the
# whole suite headless. Both create .venv on first use.
PYTHON ?= $(shell command -v python3.11 || command -v python3.12 || command -v python3.13 || command -v python3)
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-test

.PHONY: test test-latest run lint bench clean translations screenshots lock test-install bundle test-bundle test-postgres

# The versions users get: installer/requirements.lock (what the installer ships) constrains
# every package it names, so the suite tests them, not whatever is newest (a pandas release
# the lock did not have once hid a crash). `make test-latest` tries the newest releases.
$(STAMP): pyproject.toml installer/requirements.lock
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' || \
		{ echo "Airlock needs Python 3.11 or newer (found $(PYTHON))."; exit 1; }
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	@grep -E '^[A-Za-z0-9_.-]+==' installer/requirements.lock | sed -E 's/ *\\$$//' \
		> $(VENV)/constraints.txt
	$(PY) -m pip install --quiet -e '.[test]' -c $(VENV)/constraints.txt
	@touch $(STAMP)

# Bytecode for the project's own modules: with PYTHONDONTWRITEBYTECODE set (as on CI),
# every `airlock` subprocess would compile them again (a third of a second each).
test: $(STAMP) lint
	@$(PY) -m compileall -q airlock engine gui tests main.py >/dev/null
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -n 2 --dist worksteal

# The suite against the newest release of every dependency, in its own environment: run it
# on a schedule (weekly) to learn of a breaking release before the lock is refreshed.
test-latest:
	@test -x .venv-latest/bin/python || $(PYTHON) -m venv .venv-latest
	.venv-latest/bin/python -m pip install --quiet --upgrade pip
	.venv-latest/bin/python -m pip install --quiet --upgrade --upgrade-strategy eager -e '.[test]'
	QT_QPA_PLATFORM=offscreen .venv-latest/bin/python -m pytest -n 2 --dist worksteal

# The whole suite with every workspace on PostgreSQL (a throw-away server; docs/team.md).
# `make test` already runs the storage, audit and concurrency tests on both backends.
test-postgres: $(STAMP)
	AIRLOCK_TEST_BACKEND=postgresql QT_QPA_PLATFORM=offscreen $(PY) -m pytest -n 2 --dist worksteal

run: $(STAMP)
	@$(PY) -m compileall -q engine gui main.py >/dev/null
	$(PY) main.py $(ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check airlock engine gui tests bench installer main.py
	$(VENV)/bin/ruff format --check airlock engine gui tests bench installer main.py
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports pyproject.toml

bench: $(STAMP)
	$(PY) bench/audit_bench.py
	$(PY) bench/object_bench.py
	$(PY) bench/import_bench.py
	$(PY) bench/gui_startup.py

# Refresh resources/translations/airlock_ar.ts from the code, fill it from the translators'
# list (resources/translations/tools/arabic.py; or use pyside6-linguist), compile the .qm.
translations: $(STAMP)
	$(VENV)/bin/pyside6-lupdate $$(find gui -name '*.py' | sort) -ts resources/translations/airlock_ar.ts -source-language en -target-language ar -no-obsolete
	$(PY) resources/translations/tools/fill_ts.py resources/translations/airlock_ar.ts
	$(VENV)/bin/pyside6-lrelease resources/translations/airlock_ar.ts -qm resources/translations/airlock_ar.qm

# Every view in English and Arabic, rendered offscreen on a fresh demo workspace.
screenshots: $(STAMP)
	QT_QPA_PLATFORM=offscreen AIRLOCK_UNSAFE_FAST_KDF=1 $(PY) -m gui.screenshots docs/screenshots

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .mypy_cache .ruff_cache

# Re-pin every runtime dependency with hashes, for Linux and Windows, Python 3.11 and 3.12
# (one universal lock; docs/install.md).
lock: $(STAMP)
	$(PY) -m pip install --quiet uv==0.13.8
	$(VENV)/bin/uv pip compile pyproject.toml --universal --python-version 3.11 --generate-hashes --no-header --quiet -o installer/requirements.lock
	$(VENV)/bin/uv pip compile installer/build-tools.in --constraint installer/requirements.lock --universal --python-version 3.11 --generate-hashes --no-header --quiet -o installer/build-tools.lock

# The air-gapped install end to end (downloads ~250 MB of wheels; not part of `make test`).
test-install: $(STAMP)
	AIRLOCK_TEST_INSTALL=1 $(PY) -m pytest tests/installer/test_offline_install.py -p no:randomly

# The one-folder desktop app (dist/airlock/airlock-desktop), built with PyInstaller in an
# environment of exactly the locked versions, with its SBOM and licence report beside it.
BUNDLE_VENV := build/bundle-venv
$(BUNDLE_VENV)/.installed: installer/requirements.lock installer/build-tools.lock
	rm -rf $(BUNDLE_VENV)
	$(PYTHON) -m venv $(BUNDLE_VENV)
	$(BUNDLE_VENV)/bin/python -m pip install --quiet --require-hashes -r installer/requirements.lock
	$(BUNDLE_VENV)/bin/python -m pip install --quiet --require-hashes --no-deps -r installer/build-tools.lock
	@touch $@

bundle: $(BUNDLE_VENV)/.installed
	$(BUNDLE_VENV)/bin/python -m pip install --quiet --no-deps --force-reinstall .
	$(BUNDLE_VENV)/bin/pyinstaller --noconfirm --distpath dist --workpath build/pyinstaller installer/airlock.spec
	$(BUNDLE_VENV)/bin/python installer/sbom.py --python $(BUNDLE_VENV)/bin/python --lock installer/requirements.lock --keep pyinstaller --out dist/airlock

# Starts the built bundle offscreen and signs in to a fresh demo workspace.
test-bundle: bundle
	AIRLOCK_TEST_BUNDLE=dist/airlock $(PY) -m pytest tests/installer/test_bundle.py -p no:randomly
