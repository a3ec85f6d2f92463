"""The one exception tree. Every failure a user can cause is an AirlockError whose
message says what happened and whose hint says what to do."""

from __future__ import annotations


class AirlockError(Exception):
    """Root of every error a user can cause. `message` and `hint` are shown as they are."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return self.message


class ValidationError(AirlockError, ValueError):
    """Bad input: a parameter, a file, a name."""


class NotFound(AirlockError, LookupError):
    """A named thing (user, object, workspace) does not exist."""


class ShreddedError(AirlockError):
    """The data was crypto-shredded (retention or erasure): its key is gone for good."""


class AlreadyExists(AirlockError):
    """Creating something whose name is taken."""


class PermissionDenied(AirlockError):
    """The acting user's role does not allow the action."""


class AuthenticationError(AirlockError):
    """Login failed. Deliberately does not say whether the name or the password was wrong."""


class WrongPassword(AuthenticationError):
    """The password (or recovery key) did not unlock the key slot."""


class TooManyAttempts(AuthenticationError):
    """Login refused because of back-off after failed attempts."""

    def __init__(self, message: str, hint: str = "", retry_after: float = 0.0) -> None:
        super().__init__(message, hint)
        self.retry_after = retry_after


class IntegrityError(AirlockError):
    """Stored data failed authentication: tampering, corruption or a swapped file."""


class WorkspaceError(AirlockError):
    """The workspace folder is missing, incomplete, or of an unknown format."""


class MetadataPasswordNeeded(WorkspaceError):
    """A team workspace's PostgreSQL server wants a password that was not given (or was
    wrong); the desktop app asks for it."""


class ConcurrencyError(AirlockError):
    """Another process holds the workspace busy for too long."""


class Cancelled(AirlockError):
    """The user cancelled a long operation; nothing was stored."""

    def __init__(
        self, message: str = "The operation was cancelled; nothing was stored.", hint: str = ""
    ) -> None:
        super().__init__(message, hint)
