"""Loaded by every Python subprocess the tests start (tests put this folder on PYTHONPATH):
blocks any network connection that is not to the loopback interface."""

import socket

_LOOPBACK = ("127.", "::1", "localhost")


def _is_loopback(address):
    if isinstance(address, tuple) and address:
        host = str(address[0])
        return host.startswith(_LOOPBACK) or host == "::1"
    return isinstance(address, (str, bytes))  # AF_UNIX paths


class BlockedNetwork(OSError):
    pass


_connect = socket.socket.connect
_connect_ex = socket.socket.connect_ex


def _guard(address):
    if not _is_loopback(address):
        raise BlockedNetwork(f"test suite: network connection to {address!r} blocked")


def connect(self, address):
    _guard(address)
    return _connect(self, address)


def connect_ex(self, address):
    _guard(address)
    return _connect_ex(self, address)


socket.socket.connect = connect
socket.socket.connect_ex = connect_ex
