"""Loaded at start-up by CLI subprocesses of the hardening suite (PYTHONPATH points here).

Any attempt to open a network connection, or to resolve a host name, writes the marker file
named by $SCAFFOLDER_NET_GUARD and then fails: the test that started the process sees the
marker even when the code under test swallows the error.
"""
import os
import socket

_MARKER = os.environ.get("SCAFFOLDER_NET_GUARD")


def _refuse(*args, **kwargs):
    with open(_MARKER, "a", encoding="utf-8") as fh:
        fh.write(f"network attempt: {args!r}\n")
    raise OSError("network access is forbidden in the hardening suite")


if _MARKER:
    socket.socket.connect = _refuse
    socket.socket.connect_ex = _refuse
    socket.socket.sendto = _refuse
    socket.create_connection = _refuse
    socket.getaddrinfo = _refuse
