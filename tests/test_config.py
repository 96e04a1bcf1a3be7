"""Settings: defaults, environment variables and the checks on them."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from graph_api.config import Settings, StoreKind


def test_defaults_need_no_server(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("GRAPH_API_STORE", "NEO4J_URI", "GRAPH_API_EMBEDDED_PATH"):
        monkeypatch.delenv(name, raising=False)
    settings = Settings()
    assert settings.store is StoreKind.EMBEDDED
    assert settings.port == 8000


def test_environment_selects_neo4j(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GRAPH_API_STORE", "neo4j")
    monkeypatch.setenv("NEO4J_URI", "neo4j+s://abcd.databases.neo4j.io")
    monkeypatch.setenv("NEO4J_PASSWORD", "secret")
    settings = Settings()
    assert settings.store is StoreKind.NEO4J
    assert settings.neo4j_uri.startswith("neo4j+s://")
    assert settings.neo4j_password.get_secret_value() == "secret"
    assert "secret" not in repr(settings)


@pytest.mark.parametrize("uri", ["http://localhost:7474", "localhost:7687", "bolt:/x"])
def test_bad_neo4j_uri_says_what_is_allowed(uri: str) -> None:
    with pytest.raises(ValidationError, match="neo4j\\+s://"):
        Settings(neo4j_uri=uri)
