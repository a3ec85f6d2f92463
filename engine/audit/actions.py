"""The fixed vocabulary of audit actions. An entry's action must be one of these."""

from __future__ import annotations

ACTIONS: dict[str, str] = {
    "workspace.init": "created the workspace",
    "workspace.upgrade": "upgraded the workspace format",
    "workspace.settings": "changed a workspace setting",
    "auth.login": "logged in",
    "auth.fail": "failed to log in",
    "auth.lock": "locked the session",
    "access.denied": "was denied an action",
    "user.add": "added a user",
    "user.disable": "disabled a user",
    "user.enable": "enabled a user",
    "user.role": "changed a user's role",
    "user.passwd": "changed a password",
    "user.recover": "reset the administrator password with the recovery key",
    "keys.rotate_master": "rotated the workspace master key",
    "project.create": "created a project",
    "project.edit": "edited a project",
    "data.import": "imported a dataset version",
    "data.prepare": "derived a dataset version with a recipe",
    "data.contract": "saved a data contract version",
    "data.validate": "validated a dataset version against a contract",
    "training.run": "recorded a training run (finished, cancelled or failed)",
    "registry.register": "registered a model version",
    "registry.edit": "edited a model version's description or tags",
    "registry.policy": "changed a model's gate policy",
    "registry.stage": "moved a model version to another stage",
    "registry.request": "requested promotion of a model version to production",
    "registry.withdraw": "withdrew a request for production",
    "registry.approve": "approved or rejected a model version for production",
    "registry.rollback": "rolled production back to the previous version",
    "registry.score": "scored a file with a model version",
    "registry.test": "ran a model test suite on a model version",
    "registry.export": "exported a signed deployment bundle",
    "registry.import": "imported a deployment bundle",
    "registry.trust": "trusted a workspace signing key for bundle imports",
    "pipeline.add": "added a pipeline definition (version)",
    "pipeline.run": "ran a pipeline (its status and each step)",
    "monitoring.profile": "cached a drift reference profile of a dataset version",
    "data.tag": "tagged columns or edited a datasheet",
    "data.export": "exported a decrypted dataset version",
    "object.put": "stored an encrypted object",
    "object.get": "read an encrypted object",
    "audit.verify": "verified the audit log",
    "audit.checkpoint": "saved a signed checkpoint",
    "audit.export": "exported an audit bundle",
}


def describe(action: str) -> str:
    return ACTIONS.get(action, action)
