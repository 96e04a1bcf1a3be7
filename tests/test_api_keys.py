"""API keys at rest (hashed, private file) and the 'graph-api keys' commands."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from typer.testing import CliRunner

from graph_api.auth.api_keys import KeyRing
from graph_api.auth.roles import Role
from graph_api.cli import app


def test_keys_are_stored_hashed_in_a_private_file(tmp_path: Path) -> None:
    ring = KeyRing(tmp_path / "keys.json")
    record, key = ring.create("planner", Role.ANALYST)
    text = (tmp_path / "keys.json").read_text()
    assert key.split("_", 2)[2] not in text
    assert record.digest in text
    assert stat.S_IMODE((tmp_path / "keys.json").stat().st_mode) == 0o600
    assert ring.check(key) == record
    assert ring.check(key + "x") is None
    assert ring.check(key.replace(record.key_id, "00000000")) is None
    assert ring.check("gk_") is None


def test_a_second_reader_sees_new_and_revoked_keys(tmp_path: Path) -> None:
    service, admin = KeyRing(tmp_path / "keys.json"), KeyRing(tmp_path / "keys.json")
    assert service.keys() == []
    record, key = admin.create("bot", Role.EDITOR)
    assert service.check(key) == record
    admin.revoke(record.key_id)
    assert service.check(key) is None
    assert admin.revoke("nope") is None


def test_roles_read_and_order() -> None:
    assert Role.parse(" Editor ") is Role.EDITOR
    assert Role.ADMIN > Role.EDITOR > Role.ANALYST > Role.VIEWER
    assert Role.highest_of(["offline_access", "analyst", "viewer"]) is Role.ANALYST
    assert Role.highest_of(["x"]) is None
    with pytest.raises(ValueError, match="viewer, analyst, editor, admin"):
        Role.parse("boss")


def test_the_keys_commands_create_list_and_revoke(tmp_path: Path) -> None:
    runner = CliRunner()
    keys_file = str(tmp_path / "keys.json")
    assert "analyst" in runner.invoke(app, ["keys", "--help"]).output
    created = runner.invoke(
        app, ["keys", "create", "--name", "lab", "--role", "analyst", "--keys-file", keys_file]
    )
    assert created.exit_code == 0, created.output
    key = created.stdout.splitlines()[0]
    assert key.startswith("gk_")
    listed = runner.invoke(app, ["keys", "list", "--keys-file", keys_file]).output
    key_id = key.split("_")[1]
    assert f"{key_id}\tanalyst" in listed
    assert key not in listed
    revoked = runner.invoke(app, ["keys", "revoke", key_id, "--keys-file", keys_file])
    assert revoked.exit_code == 0
    assert "revoked" in runner.invoke(app, ["keys", "list", "--keys-file", keys_file]).output
    wrong = runner.invoke(app, ["keys", "create", "--name", "x", "--role", "boss"])
    assert wrong.exit_code != 0
    assert "not a role" in wrong.output
