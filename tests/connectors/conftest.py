"""A real Dovecot for the mailbox tests, one per test session (per xdist worker)."""

from __future__ import annotations

import pytest

from tests.conftest import need_tool

from .dovecot import PASSWORD, USER, Dovecot, remove, start_dovecot

__all__ = ["PASSWORD", "USER", "dovecot", "strict_dovecot"]


@pytest.fixture(scope="session")
def dovecot() -> Dovecot:
    need_tool("dovecot")
    need_tool("openssl")
    server = start_dovecot()
    yield server
    remove(server)


@pytest.fixture(scope="session")
def strict_dovecot() -> Dovecot:
    """A Dovecot that refuses every login not under TLS, loopback included (``ssl = required``)."""
    need_tool("dovecot")
    need_tool("openssl")
    server = start_dovecot(strict=True)
    yield server
    remove(server)
