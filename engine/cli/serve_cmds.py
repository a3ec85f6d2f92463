"""`airlock serve`: the scoring service, and its API tokens (`airlock serve token ...`)."""

from __future__ import annotations

import argparse
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from engine.cli.common import project_name, session
from engine.durations import duration_seconds

if TYPE_CHECKING:
    from datetime import datetime

    from engine.serving.server import Options
    from engine.serving.tokens import ApiToken


def register(commands: argparse._SubParsersAction) -> None:
    serve = commands.add_parser(
        "serve",
        help="serve the models of a stage over HTTP (and manage its API tokens)",
        description="A scoring service inside the secured network: per model, the version in "
        "the stage, loaded only while its approval holds; every prediction logged for "
        "monitoring. Tokens: `airlock serve token create|list|revoke`. See docs/serving.md.",
    )
    serve.add_argument("--stage", default="production", choices=("production", "staging", "dev"))
    serve.add_argument(
        "--model",
        action="append",
        default=[],
        metavar="NAME",
        help="serve only this model (repeat for more; default: every model)",
    )
    add_service_arguments(serve)
    serve.set_defaults(run=cmd_serve)
    sub = serve.add_subparsers(dest="serve_command", metavar="COMMAND")
    token = sub.add_parser("token", help="API tokens (administrators)")
    tokens = token.add_subparsers(dest="token_command", metavar="COMMAND", required=True)
    p = sub.add_parser("status", help="the services running on this workspace, and how busy")
    p.set_defaults(run=cmd_status)
    p = tokens.add_parser("create", help="create a token; its secret is shown once")
    p.add_argument("name")
    p.add_argument(
        "--models",
        nargs="+",
        required=True,
        metavar="NAME",
        help="the models it may call ('*': every model)",
    )
    p.add_argument("--expires", default="90d", metavar="DURATION", help="e.g. 30d (90d)")
    p.set_defaults(run=cmd_token_create)
    p = tokens.add_parser("list", help="the tokens, live and revoked (never their secrets)")
    p.set_defaults(run=cmd_token_list)
    p = tokens.add_parser("revoke", help="revoke a token (the service refuses it within seconds)")
    p.add_argument("token_id", metavar="TOKEN_ID")
    p.set_defaults(run=cmd_token_revoke)


def add_service_arguments(serve: argparse.ArgumentParser) -> None:
    """Where and how a service listens, logs and bounds requests (`serve`, `bundle serve`)."""
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8080)
    serve.add_argument("--tls-cert", type=Path, metavar="CERT.pem")
    serve.add_argument("--tls-key", type=Path, metavar="KEY.pem")
    serve.add_argument(
        "--tls-client-ca",
        type=Path,
        metavar="CA.pem",
        help="mutual TLS: callers need a certificate this CA signed",
    )
    serve.add_argument(
        "--insecure-http",
        action="store_true",
        help="allow plain HTTP on an address other machines can reach",
    )
    serve.add_argument(
        "--refresh",
        type=float,
        default=2.0,
        metavar="SECONDS",
        help="how often promotion, approval and tokens are checked (2)",
    )
    serve.add_argument(
        "--log-rows",
        type=int,
        default=10_000,
        metavar="N",
        help="write the prediction log as a dataset version every N rows",
    )
    serve.add_argument(
        "--log-every", default="1h", metavar="DURATION", help="... and at least this often (1h)"
    )
    serve.add_argument("--max-rows", type=int, default=10_000, help="rows per request")
    serve.add_argument("--max-bytes", type=int, default=10 * 1024 * 1024, help="body size")
    serve.add_argument(
        "--workers",
        type=int,
        default=1,
        help="worker processes sharing the port (Linux, macOS; default 1)",
    )


def cmd_serve(args: argparse.Namespace) -> int:
    return with_metrics_folder(args, _serve)


def with_metrics_folder(args: argparse.Namespace, run: Callable[[argparse.Namespace], int]) -> int:
    metrics = None
    if args.workers > 1 and "PROMETHEUS_MULTIPROC_DIR" not in os.environ:
        # set before prometheus-client is imported: it picks its value store then
        metrics = tempfile.mkdtemp(prefix="airlock-metrics-")
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = metrics
    try:
        return run(args)
    finally:
        if metrics is not None:
            shutil.rmtree(metrics, ignore_errors=True)


def options_of(args: argparse.Namespace, **fixed: object) -> Options:
    from engine.serving.server import Options

    return Options(
        host=args.host,
        port=args.port,
        tls_cert=args.tls_cert,
        tls_key=args.tls_key,
        tls_client_ca=args.tls_client_ca,
        insecure_http=args.insecure_http,
        refresh=args.refresh,
        log_rows=args.log_rows,
        log_seconds=duration_seconds(args.log_every, "--log-every"),
        max_rows=args.max_rows,
        max_bytes=args.max_bytes,
        workers=args.workers,
        **fixed,  # type: ignore[arg-type]
    )


def _serve(args: argparse.Namespace) -> int:
    options = options_of(
        args, stage=args.stage, models=tuple(args.model), project=project_name(args)
    )
    with session(args) as (ws, actor):
        return ws.serving.service(actor, options, say=lambda line: print(line, flush=True)).run()


def cmd_status(args: argparse.Namespace) -> int:
    with session(args) as (ws, actor):
        found = ws.serving.status(actor)
    if not found:
        print("No scoring service has run on this workspace. Start one: airlock serve")
    for service in found:
        state = "running" if service.running else f"stopped (last seen {service.seen[:19]})"
        print(f"{service.address}  {service.stage:<10} pid {service.pid:<7} {state}")
        for s in service.served:
            print(
                f"    {s.version:<28} {s.requests_per_minute:8.1f} requests/min  "
                f"{s.error_share:6.1%} errors  ({s.requests:,} since {service.started[:19]})"
            )
    return 0


def cmd_token_create(args: argparse.Namespace) -> int:
    days = max(1, duration_seconds(args.expires, "--expires") // 86400)
    with session(args) as (ws, actor):
        made = ws.serving.tokens.create(actor, args.name, args.models, days=days)
    print(
        f"Token {made.token.id} ({made.token.name}) for {', '.join(made.token.models)}, "
        f"valid until {made.token.expires[:10]}."
    )
    print("Its secret, shown this once (send it as `Authorization: Bearer SECRET`):")
    print(made.secret)
    return 0


def cmd_token_list(args: argparse.Namespace) -> int:
    with session(args) as (ws, actor):
        found = ws.serving.tokens.tokens(actor)
        now = ws.clock()
    if not found:
        print("No API tokens. Create one: airlock serve token create NAME --models MODEL")
    for t in found:
        print(token_line(t, now))
    return 0


def token_line(t: ApiToken, now: datetime) -> str:
    state = (
        f"revoked {t.revoked[:10]}"
        if t.revoked
        else (f"until {t.expires[:10]}" if t.live(now) else f"expired {t.expires[:10]}")
    )
    return f"{t.id}  {t.name:<24} {', '.join(t.models):<24} {state}"


def cmd_token_revoke(args: argparse.Namespace) -> int:
    with session(args) as (ws, actor):
        token = ws.serving.tokens.revoke(actor, args.token_id)
    print(f"Revoked {token.id} ({token.name}); a running service refuses it within seconds.")
    return 0


def register_bundle_serving(sub: argparse._SubParsersAction) -> None:
    """`airlock bundle serve` and `airlock bundle token`: no workspace needed."""
    p = sub.add_parser(
        "serve",
        help="serve a signed bundle over HTTP, without a workspace",
        description="The other network's scoring service: the bundle's signature (against "
        "--expect-key), hashes and approval are checked before the model loads.",
    )
    p.add_argument("file", type=Path, metavar="BUNDLE.zip")
    p.add_argument(
        "--expect-key",
        required=True,
        metavar="FINGERPRINT",
        help="the exporting workspace key's fingerprint, given out of band",
    )
    p.add_argument(
        "--tokens",
        required=True,
        type=Path,
        metavar="TOKENS.json",
        help="the API token file (`airlock bundle token create --file`)",
    )
    p.add_argument(
        "--log-dir",
        type=Path,
        metavar="DIR",
        help="keep every prediction as Parquet files here (mode 0600)",
    )
    add_service_arguments(p)
    p.set_defaults(run=cmd_bundle_serve)
    token = sub.add_parser("token", help="API tokens of `bundle serve` (a file, no workspace)")
    tokens = token.add_subparsers(dest="token_command", metavar="COMMAND", required=True)
    p = tokens.add_parser("create", help="create a token; its secret is shown once")
    p.add_argument("name")
    p.add_argument("--models", nargs="+", required=True, metavar="NAME")
    p.add_argument("--expires", default="90d", metavar="DURATION")
    p.add_argument("--file", required=True, type=Path, metavar="TOKENS.json")
    p.set_defaults(run=cmd_bundle_token_create)
    p = tokens.add_parser("list", help="the tokens of a file")
    p.add_argument("--file", required=True, type=Path, metavar="TOKENS.json")
    p.set_defaults(run=cmd_bundle_token_list)
    p = tokens.add_parser("revoke", help="revoke a token (refused within --refresh)")
    p.add_argument("token_id", metavar="TOKEN_ID")
    p.add_argument("--file", required=True, type=Path, metavar="TOKENS.json")
    p.set_defaults(run=cmd_bundle_token_revoke)


def cmd_bundle_serve(args: argparse.Namespace) -> int:
    def run(args: argparse.Namespace) -> int:
        from engine.serving.bundle_serve import BundleService

        options = options_of(args)
        service = BundleService(
            args.file,
            args.expect_key,
            args.tokens,
            args.log_dir,
            options,
            say=lambda line: print(line, flush=True),
        )
        return service.run()

    return with_metrics_folder(args, run)


def cmd_bundle_token_create(args: argparse.Namespace) -> int:
    from engine.serving.bundle_serve import create_token

    days = max(1, duration_seconds(args.expires, "--expires") // 86400)
    token, secret = create_token(args.file, args.name, args.models, days)
    print(
        f"Token {token.id} ({token.name}) for {', '.join(token.models)}, valid until "
        f"{token.expires[:10]}; kept (its SHA-256 only) in {args.file}."
    )
    print("Its secret, shown this once (send it as `Authorization: Bearer SECRET`):")
    print(secret)
    return 0


def cmd_bundle_token_list(args: argparse.Namespace) -> int:
    from datetime import UTC, datetime

    from engine.serving.bundle_serve import read_token_file

    found = read_token_file(args.file)
    if not found:
        print(f"No API tokens in {args.file}.")
    now = datetime.now(UTC)
    for t in found.values():
        print(token_line(t, now))
    return 0


def cmd_bundle_token_revoke(args: argparse.Namespace) -> int:
    from engine.serving.bundle_serve import revoke_token

    token = revoke_token(args.file, args.token_id)
    print(f"Revoked {token.id} ({token.name}); a running service refuses it within seconds.")
    return 0
