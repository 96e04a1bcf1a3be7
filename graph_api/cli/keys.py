"""``graph-api keys``: create, list and revoke API keys (kept hashed in the keys file).

A running service reads the file again when it changes, so a new or revoked key takes
effect at once. Run these on the machine (or volume) that holds the file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from graph_api.auth.api_keys import KeyRing
from graph_api.auth.roles import Role
from graph_api.config import Settings

keys_app = typer.Typer(
    help="Create, list and revoke API keys. Callers send a key as "
    "'Authorization: Bearer <key>'.\n\nRoles, each including the ones before it: "
    "viewer (entities, lists, search), analyst (adds who met whom, paths, gaps, matching, "
    "history), editor (adds mutations), admin (adds personal data).\n\nExample: "
    "graph-api keys create --name 'smart-lab-planner' --role analyst",
    no_args_is_help=True,
    rich_markup_mode=None,
)

KeysFile = Annotated[
    Path | None,
    typer.Option(
        "--keys-file",
        help="The keys file (default: GRAPH_API_KEYS_FILE, else .graph_api/api-keys.json).",
    ),
]


def _ring(keys_file: Path | None) -> KeyRing:
    return KeyRing(keys_file or Path(Settings().api_keys_file))


def _role(text: str) -> Role:
    try:
        return Role.parse(text)
    except ValueError as error:
        raise typer.BadParameter(str(error)) from None


@keys_app.command("create")
def create_key(
    name: Annotated[
        str, typer.Option(help="Who or what uses the key; recorded as the actor of changes.")
    ],
    role: Annotated[str, typer.Option(help="viewer, analyst, editor or admin.")] = "viewer",
    keys_file: KeysFile = None,
) -> None:
    """Create a key and print it once: it is stored hashed and cannot be shown again."""
    name = name.strip()
    if not name or len(name) > 100 or not name.isprintable():
        raise typer.BadParameter("--name must be printable text of 1 to 100 characters")
    record, key = _ring(keys_file).create(name, _role(role))
    typer.echo(key)
    typer.echo(
        f"Key {record.key_id} for '{record.name}' with the {record.role} role. Keep it "
        "secret: this is the only time it is shown. Revoke it with "
        f"'graph-api keys revoke {record.key_id}'.",
        err=True,
    )


@keys_app.command("list")
def list_keys(keys_file: KeysFile = None) -> None:
    """List every key: id, name, role, when created, and whether revoked (never the key)."""
    keys = _ring(keys_file).keys()
    if not keys:
        typer.echo("No keys yet. Create one with: graph-api keys create --name NAME --role ROLE")
        return
    for key in keys:
        state = f"revoked {key.revoked}" if key.revoked else "active"
        typer.echo(f"{key.key_id}\t{key.role}\t{key.created}\t{state}\t{key.name}")


@keys_app.command("revoke")
def revoke_key(
    key_id: Annotated[str, typer.Argument(help="The key's id, as 'graph-api keys list' shows.")],
    keys_file: KeysFile = None,
) -> None:
    """Revoke a key: requests that send it are refused from now on."""
    revoked = _ring(keys_file).revoke(key_id)
    if revoked is None:
        typer.echo(f"No key has id '{key_id}'; 'graph-api keys list' shows them.", err=True)
        raise typer.Exit(code=1)
    typer.echo(f"Key {key_id} ('{revoked.name}') is revoked.")
