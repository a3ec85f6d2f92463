"""TLS and mutual TLS on loopback: a caller without a client certificate the CA signed is
turned away before HTTP; one with it gets its prediction (the token is still required)."""

from __future__ import annotations

import datetime as dt
import http.client
import json
import os
import shutil
import ssl
import subprocess
import sys
import time

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from tests.serving.test_serve import (
    ANALYST,
    MODEL,
    PROJECT,
    RECORDS,
    free_port,
    read_records,
    token,
)


def _name(text: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, text)])


def _cert(subject, issuer, key, signer, *, ca=False, san=None):
    now = dt.datetime.now(dt.UTC)
    builder = (
        x509.CertificateBuilder()
        .subject_name(_name(subject))
        .issuer_name(_name(issuer))
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=2))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
    )
    if san:
        builder = builder.add_extension(x509.SubjectAlternativeName(san), critical=False)
    return builder.sign(signer, hashes.SHA256())


def _write(folder, name, cert, key):
    (folder / f"{name}.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    (folder / f"{name}.key").write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )


@pytest.fixture
def pki(tmp_path):
    import ipaddress

    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca = _cert("Airlock test CA", "Airlock test CA", ca_key, ca_key, ca=True)
    server_key, client_key = (
        ec.generate_private_key(ec.SECP256R1()),
        ec.generate_private_key(ec.SECP256R1()),
    )
    server = _cert(
        "127.0.0.1",
        "Airlock test CA",
        server_key,
        ca_key,
        san=[x509.IPAddress(ipaddress.ip_address("127.0.0.1"))],
    )
    client = _cert("loan-origination", "Airlock test CA", client_key, ca_key)
    _write(tmp_path, "ca", ca, ca_key)
    _write(tmp_path, "server", server, server_key)
    _write(tmp_path, "client", client, client_key)
    return tmp_path


def test_mutual_tls_turns_away_a_caller_without_a_certificate(demo_template, tmp_path, pki):
    ws_path = tmp_path / "ws"
    shutil.copytree(demo_template, ws_path)
    if not RECORDS:
        RECORDS[:] = read_records(ws_path)
    secret = token(ws_path, "loans", MODEL)
    port = free_port()
    env = {**os.environ, **ANALYST, "AIRLOCK_WORKSPACE": str(ws_path)}
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "engine",
            "--project",
            PROJECT,
            "serve",
            "--port",
            str(port),
            "--tls-cert",
            str(pki / "server.pem"),
            "--tls-key",
            str(pki / "server.key"),
            "--tls-client-ca",
            str(pki / "ca.pem"),
        ],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    trusting = ssl.create_default_context(cafile=str(pki / "ca.pem"))
    with_cert = ssl.create_default_context(cafile=str(pki / "ca.pem"))
    with_cert.load_cert_chain(str(pki / "client.pem"), str(pki / "client.key"))

    def predict(context):
        c = http.client.HTTPSConnection("127.0.0.1", port, context=context, timeout=10)
        c.request(
            "POST",
            f"/v1/models/{MODEL}/predict",
            body=json.dumps({"rows": RECORDS[:2]}),
            headers={"Content-Type": "application/json", "Authorization": f"Bearer {secret}"},
        )
        response = c.getresponse()
        return response.status, json.loads(response.read())

    try:
        deadline = time.monotonic() + 60
        while True:
            assert process.poll() is None, process.stdout.read()
            try:
                status, body = predict(with_cert)
                break
            except (ConnectionError, OSError):
                assert time.monotonic() < deadline
                time.sleep(0.3)
        assert status == 200 and len(body["predictions"]) == 2
        with pytest.raises((ssl.SSLError, ConnectionError, OSError)):
            predict(trusting)  # no client certificate
        with pytest.raises((ssl.SSLError, OSError, http.client.HTTPException)):
            plain = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            plain.request("GET", "/healthz")
            assert plain.getresponse().status != 200
            raise ConnectionError("plain HTTP was not answered as HTTP")
    finally:
        process.terminate()
        out, _ = process.communicate(timeout=60)
    assert "Serving production on https://127.0.0.1" in out
