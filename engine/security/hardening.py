"""Process hardening at start: no core dumps. A core dump of an unlocked session holds the
master key, the signing key, the password and decrypted rows, and it lands wherever the
system puts cores (often readable by administrators or crash reporters)."""

from __future__ import annotations

import sys

PR_SET_DUMPABLE = 4  # <linux/prctl.h>
PR_GET_DUMPABLE = 3


def no_core_dumps() -> None:
    """Core size limit 0 (kept by child processes such as training workers, across exec)
    and, on Linux, not dumpable (also refuses ptrace attach by other processes of the same
    OS user). Best effort: a platform without these calls is left as it is."""
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    except (ImportError, ValueError, OSError):
        pass
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(PR_SET_DUMPABLE, 0, 0, 0, 0)
        except (OSError, AttributeError):
            pass


def dumpable() -> bool | None:
    """Whether this process may dump core (None where it cannot be asked)."""
    if not sys.platform.startswith("linux"):
        return None
    import ctypes

    return bool(ctypes.CDLL(None).prctl(PR_GET_DUMPABLE, 0, 0, 0, 0))
