"""Alert mail through the local SMTP relay an administrator configured (the smtp_relay
setting; empty by default, so nothing is sent). This is the engine's one network client, and
the import contract in pyproject.toml names it: it talks only to the relay inside the secured
network, never to anything else."""

from __future__ import annotations

import json
from typing import Any


def send_alert(recipients: list[str], body: dict[str, Any], settings: dict[str, Any]) -> str:
    """Send one alert; returns what happened, in words (a failure is reported, not raised:
    an unreachable relay must not lose the alert)."""
    import smtplib
    from email.message import EmailMessage

    relay = str(settings.get("smtp_relay") or "")
    if not relay:
        return "no mail: the smtp_relay setting is empty"
    host, _, port = relay.rpartition(":")
    message = EmailMessage()
    message["Subject"] = f"[Airlock] {body['level']}: {body['monitor']}"
    message["From"] = str(settings.get("mail_from") or "airlock@localhost")
    message["To"] = ", ".join(recipients)
    message.set_content(json.dumps(body, indent=1))
    try:
        with smtplib.SMTP(host, int(port), timeout=10) as smtp:
            smtp.send_message(message)
    except (OSError, smtplib.SMTPException) as exc:
        return f"mail to {', '.join(recipients)} failed: {exc}"
    return f"mailed {', '.join(recipients)} through {relay}"
