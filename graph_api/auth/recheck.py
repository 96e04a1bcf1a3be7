"""Credentials checked again on an open WebSocket.

A WebSocket is authenticated once, at its handshake, but may stay open for hours: a key
revoked or a token expired after it opened once kept working on it, writes included.
Each operation sent on the socket checks the credentials again, and a running
subscription checks them before each event it delivers (at most every few seconds, as
a token's signature check is not free); a refusal is UNAUTHENTICATED, which ends that
operation or subscription.
"""

from __future__ import annotations

import time
from collections.abc import Mapping

from graph_api.auth.identity import Authenticator, Identity

RECHECK_SECONDS = 5.0  # how stale a subscription's last check may be before an event


class CredentialCheck:
    """The credentials one WebSocket opened with, checked again when asked."""

    def __init__(self, authenticator: Authenticator, headers: Mapping[str, str]) -> None:
        self.authenticator = authenticator
        self.headers = dict(headers)
        self._checked_at = time.monotonic()  # the handshake has just checked them

    async def ensure(self) -> Identity:
        """The identity the credentials still prove; raises GraphApiError
        (UNAUTHENTICATED) if they no longer do."""
        identity = await self.authenticator.identify(self.headers)
        self._checked_at = time.monotonic()
        return identity

    async def ensure_if_due(self) -> None:
        """As ``ensure``, unless the last check is younger than ``RECHECK_SECONDS``."""
        if time.monotonic() - self._checked_at >= RECHECK_SECONDS:
            await self.ensure()
