"""Where the project's data folders (cypher/, seeds/) live, in a checkout or an installed wheel."""

from __future__ import annotations

from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


def resource_dir(name: str) -> Path:
    """The folder ``name`` (e.g. ``cypher`` or ``seeds``): the checkout's copy when run from
    a checkout, otherwise the copy packed into the wheel under ``graph_api/_resources``."""
    in_checkout = _PACKAGE_DIR.parent / name
    if in_checkout.exists():
        return in_checkout
    return _PACKAGE_DIR / "_resources" / name
