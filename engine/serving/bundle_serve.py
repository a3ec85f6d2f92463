"""`airlock bundle serve BUNDLE.zip`: the scoring service on the other side of the air gap,
from a signed deployment bundle and without any workspace.

Before anything loads: the bundle's signature is checked against the fingerprint the
exporting team gave out of band (`--expect-key`, required), every file against its hash, the
registry manifest against its signature, and — for a production bundle — the validator's
signed approval against the model (engine/registry/bundle.verify_bundle). The model loads
through skops trusting only the types its manifest records. A bundle never changes, so the
service serves that one version; its stage is the one the bundle was exported from.

There is no workspace here, so no signed log: API tokens are kept in a file the operator
owns (`airlock bundle token create|list|revoke --file F`, SHA-256 only, mode 0600), re-read
at every refresh; predictions go to Parquet files in `--log-dir` (mode 0600, one per flush),
which `airlock data import` brings into a workspace for monitoring.
"""

from __future__ import annotations

import dataclasses
import json
import os
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from engine.audit.record import format_time, plain_fingerprint
from engine.errors import IntegrityError, NotFound, ValidationError
from engine.serving.app import Limits, ServingState
from engine.serving.predlog import PredictionLog
from engine.serving.runner import Runner
from engine.serving.served import Served, Unavailable, prepare
from engine.serving.tokens import ApiToken, merge_tokens, new_token
from engine.store.files import atomic_write


@dataclass(frozen=True)
class BundledVersion:
    """What the service needs of a bundled version (as of a registry ModelVersion)."""

    ref: str
    stage: str
    signature: dict[str, Any]


class BundleCatalogue:
    def __init__(self, path: Path, expect_key: str) -> None:
        from engine.registry.bundle import verify_bundle
        from engine.settings import check_trusted_code, trusted_code
        from engine.training.modelio import loads

        if not expect_key.strip():
            raise ValidationError(
                "Say whose bundle this must be: --expect-key FINGERPRINT.",
                hint="The exporting team gives the fingerprint out of band "
                "(`airlock bundle export` prints it).",
            )
        checked = verify_bundle(Path(path))
        if plain_fingerprint(expect_key) != checked.key_fingerprint:
            raise IntegrityError(
                f"{Path(path).name} is signed by key {checked.key_fingerprint[:16]}…, not the "
                "one expected: it is not the bundle you were told of.",
                hint="Compare the fingerprint with the exporting team again.",
            )
        manifest, version = checked.manifest, checked.version_manifest
        self.stage = str(manifest.get("stage") or "dev")
        self.project = None
        if self.stage == "production" and not manifest.get("approval"):
            raise IntegrityError(
                f"{Path(path).name} was exported from production without an approval; "
                "it is not served.",
                hint="Export it again from the workspace where it was approved.",
            )
        name = str(manifest["model"])
        model = loads(  # trusted code: what the exporter's signed manifest names
            checked.files["model.skops"],
            list(version["model_types"]),
            f"model.skops of {name}",
            trusted_code(check_trusted_code(", ".join(map(str, version.get("trusted_code", []))))),
        )
        bundled = BundledVersion(
            f"{name}@{manifest['version']}", self.stage, dict(version["signature"])
        )
        served = prepare(name, bundled, model)  # type: ignore[arg-type]
        self.models: dict[str, Served | Unavailable] = {name.lower(): served}
        self.changes: list[str] = []
        self._first = [
            f"{name}: serving {bundled.ref} from {Path(path).name} (signed by "
            f"{checked.key_name}; {self.stage})"
            + ("; fast path " + served.fast_note if served.fast else "")
        ]

    def get(self, name: str) -> Served | Unavailable | None:
        return self.models.get(name.lower())

    def refresh(self) -> list[str]:
        first, self._first = self._first, []
        return first  # a bundle does not change


# -- the token file -----------------------------------------------------------------------
def read_token_file(path: Path) -> dict[str, ApiToken]:
    if not path.is_file():
        return {}
    try:
        body = json.loads(path.read_text(encoding="utf-8"))
        return {
            t["id"]: ApiToken(**{**t, "models": tuple(t["models"])}) for t in body.get("tokens", [])
        }
    except (ValueError, TypeError, KeyError) as exc:
        raise ValidationError(f"{path} is not a token file ({exc}).") from None


def _write_token_file(path: Path, tokens: dict[str, ApiToken]) -> None:
    body = {"tokens": [asdict(t) for t in tokens.values()]}
    atomic_write(path, (json.dumps(body, indent=1) + "\n").encode("utf-8"))
    os.chmod(path, 0o600)


def create_token(path: Path, name: str, models: list[str], days: int) -> tuple[ApiToken, str]:
    """A new token in the file; its secret is returned once and never written."""
    token, secret = new_token(name, models, days, datetime.now(UTC))
    tokens = read_token_file(path)
    tokens[token.id] = token
    _write_token_file(path, tokens)
    return token, secret


def revoke_token(path: Path, token_id: str) -> ApiToken:
    tokens = read_token_file(path)
    found = tokens.get(token_id.strip())
    if found is None:
        raise NotFound(f"There is no API token {token_id!r} in {path}.")
    if found.revoked is None:
        found = ApiToken(**{**asdict(found), "revoked": format_time(datetime.now(UTC))})
        tokens[found.id] = found
        _write_token_file(path, tokens)
    return found


# -- the service --------------------------------------------------------------------------
class BundleService(Runner):
    def __init__(
        self,
        bundle: Path,
        expect_key: str,
        tokens: Path,
        log_dir: Path | None,
        options: Any,
        say: Callable[[str], None] = print,
    ) -> None:
        if not tokens.is_file():
            raise ValidationError(
                f"There is no token file {tokens}.",
                hint=f"Create a token first: airlock bundle token create NAME --models M "
                f"--file {tokens}",
            )
        if log_dir is not None and not log_dir.is_dir():
            raise ValidationError(f"There is no folder {log_dir} for the prediction log.")
        catalogue = BundleCatalogue(bundle, expect_key)
        options = dataclasses.replace(options, stage=catalogue.stage)
        options.check()
        self.tokens_file, self.log_dir = tokens, log_dir
        log = PredictionLog(self._store, rows=options.log_rows, seconds=options.log_seconds)
        state = ServingState(
            catalogue,  # type: ignore[arg-type]
            log,
            lambda: datetime.now(UTC),
            Limits(options.max_bytes, options.max_rows),
        )
        super().__init__(options, state, say)

    def _store(self, name: str, table: Any) -> str:
        if self.log_dir is None:
            return f"{table.num_rows} rows not kept (no --log-dir)"
        import pyarrow.parquet as pq

        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
        path = self.log_dir / f"{name}-{stamp}-{os.getpid()}.parquet"
        temporary = path.with_suffix(".part")
        pq.write_table(table, temporary)
        os.chmod(temporary, 0o600)
        os.replace(temporary, path)
        return str(path)

    def reload_tokens(self) -> None:
        try:
            found = read_token_file(self.tokens_file)
        except (OSError, ValidationError) as exc:
            self.say(f"every token refused: {exc}")
            self.state.tokens = {}
            return
        self.state.tokens = merge_tokens(found, self.state.tokens)

    def report_refused(self, counts: dict[str, int]) -> None:
        self.say("refused calls: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
