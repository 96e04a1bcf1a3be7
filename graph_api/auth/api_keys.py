"""API keys, kept hashed in a small JSON file (``GRAPH_API_KEYS_FILE``).

A key reads ``gk_<id>_<secret>``: the id names it in lists and logs, the secret is 32
random bytes and is never stored, only its SHA-256 digest (a random 256-bit secret
needs no slow hash: there is nothing to guess from a dictionary). The file is read
again when it changes, so ``graph-api keys revoke`` takes effect in a running service
within a request, without a restart.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
import tempfile
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from graph_api.auth.roles import Role

KEY_PREFIX = "gk_"
_FORMAT_VERSION = 1


@dataclass(frozen=True)
class ApiKey:
    """One key as stored: never the secret itself."""

    key_id: str
    name: str
    role: str
    created: str
    digest: str
    revoked: str | None = None

    @property
    def active(self) -> bool:
        """Whether the key still opens the API."""
        return self.revoked is None


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def split_key(presented: str) -> tuple[str, str] | None:
    """(id, secret) of a key in the ``gk_<id>_<secret>`` shape, or None."""
    if not presented.startswith(KEY_PREFIX):
        return None
    key_id, _, secret = presented[len(KEY_PREFIX) :].partition("_")
    if not key_id or not secret:
        return None
    return key_id, secret


class KeyRing:
    """The keys in one file: create, list, revoke, and check a presented key."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._keys: dict[str, ApiKey] = {}
        self._seen: tuple[float, int] | None = None

    def _reload(self) -> None:
        try:
            stat = self.path.stat()
        except FileNotFoundError:
            self._keys, self._seen = {}, None
            return
        if self._seen == (stat.st_mtime, stat.st_size):
            return
        raw = json.loads(self.path.read_text(encoding="utf-8"))
        self._keys = {entry["key_id"]: ApiKey(**entry) for entry in raw.get("keys", [])}
        self._seen = (stat.st_mtime, stat.st_size)

    def _save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        body = {"version": _FORMAT_VERSION, "keys": [asdict(key) for key in self._keys.values()]}
        # Write beside, then rename: a running service never reads half a file.
        handle, temporary = tempfile.mkstemp(dir=self.path.parent, prefix=".keys-")
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(body, out, indent=2)
        os.chmod(temporary, 0o600)
        os.replace(temporary, self.path)
        self._seen = None

    def keys(self) -> list[ApiKey]:
        """Every key, revoked ones included, oldest first."""
        self._reload()
        return sorted(self._keys.values(), key=lambda key: key.created)

    def create(self, name: str, role: Role) -> tuple[ApiKey, str]:
        """A new key for ``name`` with ``role``: the record and the key text, which is
        shown this once and cannot be recovered."""
        self._reload()
        key_id = secrets.token_hex(4)
        while key_id in self._keys:
            key_id = secrets.token_hex(4)
        secret = secrets.token_urlsafe(32)
        record = ApiKey(
            key_id=key_id,
            name=name,
            role=role.label,
            created=datetime.now(UTC).isoformat(timespec="seconds"),
            digest=_digest(secret),
        )
        self._keys[key_id] = record
        self._save()
        return record, f"{KEY_PREFIX}{key_id}_{secret}"

    def revoke(self, key_id: str) -> ApiKey | None:
        """Revoke the key with this id; the revoked record, or None if there is none."""
        self._reload()
        found = self._keys.get(key_id)
        if found is None:
            return None
        if found.active:
            found = ApiKey(**{**asdict(found), "revoked": datetime.now(UTC).isoformat()})
            self._keys[key_id] = found
            self._save()
        return found

    def check(self, presented: str) -> ApiKey | None:
        """The active key ``presented`` is, or None (unknown, wrong or revoked)."""
        parts = split_key(presented)
        if parts is None:
            return None
        self._reload()
        found = self._keys.get(parts[0])
        if found is None or not found.active:
            return None
        return found if hmac.compare_digest(found.digest, _digest(parts[1])) else None
