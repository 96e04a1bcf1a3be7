"""Settings: one object, from flags and environment variables (``GRAPH_API_*``, ``NEO4J_*``)."""

from __future__ import annotations

import importlib.util
from enum import StrEnum
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from graph_api.auth.roles import Role

DEFAULT_EMBEDDED_PATH = Path(".graph_api") / "embedded-graph"
DEFAULT_KEYS_FILE = Path(".graph_api") / "api-keys.json"
_LOOPBACK_HOSTS = ("127.0.0.1", "::1", "localhost")


class StoreKind(StrEnum):
    """Which store backs the API."""

    EMBEDDED = "embedded"
    NEO4J = "neo4j"


_NEO4J_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")
MIN_BOOKMARK_KEY_CHARS = 32  # Graph-Bookmark keys (graph_api.read_your_writes)
MIN_EMBEDDED_BUFFER_MIB = 256  # the embedded store's page cache, if set: imports need it


class Settings(BaseSettings):
    """Everything the service can be configured with.

    Environment variables: ``GRAPH_API_STORE``, ``GRAPH_API_EMBEDDED_PATH``,
    ``GRAPH_API_HOST``, ``GRAPH_API_PORT``, ``GRAPH_API_MAX_PAGE_SIZE``,
    ``GRAPH_API_MAX_QUERY_COST``, ``GRAPH_API_MAX_TOKENS``, ``GRAPH_API_MAX_DEPTH``,
    ``GRAPH_API_MAX_ALIASES``, ``GRAPH_API_MAX_FIELDS``, ``GRAPH_API_MAX_BODY_BYTES``,
    ``GRAPH_API_BODY_READ_TIMEOUT_SECONDS``, ``GRAPH_API_QUERY_TIMEOUT_SECONDS``,
    ``GRAPH_API_RATE_LIMIT_PER_MINUTE``, ``GRAPH_API_RATE_LIMIT_PER_KEY_PER_MINUTE``,
    ``GRAPH_API_MAX_CONCURRENT_PER_ADDRESS``, ``GRAPH_API_MAX_CONCURRENT_PER_KEY``,
    ``GRAPH_API_MAX_CONCURRENT_ANALYTICS``,
    ``GRAPH_API_MAX_SUBSCRIPTIONS_PER_KEY``, ``GRAPH_API_MAX_SUBSCRIPTIONS_PER_CONNECTION``,
    ``GRAPH_API_CORS_ORIGINS``, ``GRAPH_API_LOG_FORMAT``,
    ``GRAPH_API_KEYS_FILE``, ``GRAPH_API_ANONYMOUS_ROLE``, ``GRAPH_API_JWT_JWKS_URL``,
    ``GRAPH_API_JWT_ISSUER``, ``GRAPH_API_JWT_AUDIENCE``, ``GRAPH_API_JWT_ALGORITHMS``,
    ``GRAPH_API_JWT_ROLE_CLAIM``, ``GRAPH_API_JWT_ACTOR_CLAIM``, ``GRAPH_API_GRAPHIQL``,
    ``GRAPH_API_INTROSPECTION``, ``GRAPH_API_MEMORY_TRIM_SECONDS``, and
    ``NEO4J_URI``, ``NEO4J_USER``, ``NEO4J_PASSWORD``, ``NEO4J_DATABASE``.
    """

    model_config = SettingsConfigDict(
        env_prefix="GRAPH_API_", extra="ignore", populate_by_name=True
    )

    store: StoreKind = StoreKind.EMBEDDED
    embedded_path: str = Field(
        default=str(DEFAULT_EMBEDDED_PATH),
        description="Folder of the embedded store; ':memory:' keeps it in memory only "
        "(for tests: its memory grows with every update).",
    )
    # The embedded store's page cache, in MiB (Ladybug's buffer pool, which also holds
    # its queries' intermediate results). 0: Ladybug's default, 80% of the machine's
    # memory, which a 10^5 graph fills to about 4.4 GiB (BENCHMARKS.md).
    embedded_buffer_mib: int = Field(default=0, ge=0, le=1 << 24)
    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=1, le=65535)
    max_page_size: int = Field(default=100, ge=1, le=10_000)
    # Largest estimated number of fields one query may resolve (graph_api.schema.limits).
    max_query_cost: int = Field(default=100_000, ge=1)
    # Shape limits, checked before anything runs (graph_api.schema.limits): tokens in one
    # document, nesting depth of a selection, and aliases in one document.
    max_tokens: int = Field(default=10_000, ge=100)
    max_depth: int = Field(default=20, ge=3, le=60)  # introspection nests 15 deep
    max_aliases: int = Field(default=50, ge=1)
    # Fields a document may select as written (fragments counted once each).
    max_fields: int = Field(default=500, ge=50)
    # Items in any one list a request sends (filter values, ids, kinds), in its variables
    # or written in the document.
    max_list_items: int = Field(default=100, ge=10)
    # Request bodies: the largest accepted, and how long the whole body may take to arrive.
    max_body_bytes: int = Field(default=1_000_000, ge=1_000)
    body_read_timeout_seconds: float = Field(default=30.0, gt=0, le=600)
    # How long a request's line and headers may take to arrive (slower: connection closed).
    header_timeout_seconds: float = Field(default=10.0, gt=0, le=600)
    # The largest multipart body (a file for importRecords, with its query), read whole.
    max_upload_bytes: int = Field(default=50_000_000, ge=1_000)
    # The largest file exportRecords answers with (larger: export a part, or use the CLI).
    max_export_bytes: int = Field(default=20_000_000, ge=1_000)
    # Longest a single read may run in the store before it is stopped (QUERY_TIMEOUT).
    query_timeout_seconds: float = Field(default=30.0, gt=0, le=3600)
    # GraphQL requests one client address may send in any minute (0: no limit).
    rate_limit_per_minute: int = Field(default=3000, ge=0)
    # GraphQL requests one authenticated caller (API key, token subject) may send in any
    # minute, from any address (0: no limit).
    rate_limit_per_key_per_minute: int = Field(default=6000, ge=0)
    # GraphQL requests one client address may have in flight at once (0: no limit).
    max_concurrent_per_address: int = Field(default=32, ge=0)
    # GraphQL requests one authenticated caller may have in flight at once (0: no limit).
    max_concurrent_per_key: int = Field(default=64, ge=0)
    # Analytics questions one process works out at once; others wait their turn, up to
    # the query timeout (0: no limit). See graph_api/analytics/turns.py.
    max_concurrent_analytics: int = Field(default=4, ge=0)
    # Subscriptions open at once per authenticated caller, and per WebSocket connection.
    max_subscriptions_per_key: int = Field(default=50, ge=0)
    max_subscriptions_per_connection: int = Field(default=10, ge=0)
    # Browser origins allowed to call the API (CORS) and open subscriptions, comma-
    # separated; '*' for any; empty for none but the service's own pages.
    cors_origins: str = ""
    # How long a stopping process lets requests under way finish (graph_api.draining).
    shutdown_seconds: float = Field(default=25.0, gt=0, le=3600)
    # Log lines as text for a terminal, or one JSON object each for a log collector.
    log_format: Literal["text", "json"] = "text"
    # OpenTelemetry traces over OTLP/HTTP, set up by the OTEL_* variables
    # (graph_api/tracing.py); needs the 'otel' extra.
    otel_traces: bool = False
    # How often freed memory is given back to the system (graph_api/memory.py; glibc
    # only). 0: no periodic trim (one still follows each structure build).
    memory_trim_seconds: float = Field(default=10.0, ge=0, le=3600)
    # New objects between two collections of CPython's youngest generation
    # (graph_api/collector.py). 0: CPython's default (700).
    gc_young_threshold: int = Field(default=50_000, ge=0, le=10_000_000)

    # The most valid rows an import writes as one transaction; larger runs commit batch
    # by batch (graph_api.transfer.importer). None: the store's own limit
    # (GraphStore.one_transaction_rows; on Neo4j sized from the server's memory when the
    # store connects, graph_api/store/neo4j_memory.py).
    import_transaction_rows: int | None = Field(default=None, ge=0)

    # Access (graph_api.auth, SECURITY.md). API keys, hashed, in this file.
    api_keys_file: str = Field(
        default=str(DEFAULT_KEYS_FILE), validation_alias="GRAPH_API_KEYS_FILE"
    )
    # What a request without credentials may do: 'viewer', 'none' (refused), or 'auto':
    # viewer while the service listens on loopback only, none once it listens beyond.
    anonymous_role: Literal["auto", "viewer", "none"] = "auto"
    # JWT bearer tokens from an identity provider: off unless the JWKS URL is set.
    jwt_jwks_url: str = ""
    jwt_issuer: str = ""
    jwt_audience: str = ""
    jwt_algorithms: str = "RS256,ES256"
    jwt_role_claim: str = "roles"  # a dotted path, e.g. realm_access.roles for Keycloak
    jwt_actor_claim: str = "sub"
    # Read your own writes through any process (graph_api.read_your_writes): a secret of
    # 32 characters or more, the same on every process; several, comma-separated, while
    # one replaces another (the first seals). Empty: no Graph-Bookmark tokens.
    bookmark_key: SecretStr = SecretStr("")
    # The in-browser IDE at GET /graphql, and schema introspection.
    graphiql: bool = True
    introspection: bool = True

    neo4j_uri: str = Field(default="bolt://127.0.0.1:7687", validation_alias="NEO4J_URI")
    neo4j_user: str = Field(default="neo4j", validation_alias="NEO4J_USER")
    neo4j_password: SecretStr = Field(default=SecretStr(""), validation_alias="NEO4J_PASSWORD")
    neo4j_database: str = Field(default="neo4j", validation_alias="NEO4J_DATABASE")

    @property
    def anonymous_access(self) -> Role | None:
        """The role of a request without credentials; None if such requests are refused."""
        if self.anonymous_role == "viewer":
            return Role.VIEWER
        if self.anonymous_role == "auto" and self.host in _LOOPBACK_HOSTS:
            return Role.VIEWER
        return None

    @property
    def jwt_algorithm_list(self) -> list[str]:
        """The JWT signing algorithms accepted, as a list."""
        return comma_list(self.jwt_algorithms)

    @property
    def cors_origin_list(self) -> list[str]:
        """The CORS origins as a list (blank entries dropped)."""
        return comma_list(self.cors_origins)

    @property
    def bookmark_keys(self) -> list[str]:
        """The Graph-Bookmark keys, the sealing one first."""
        return comma_list(self.bookmark_key.get_secret_value())

    @field_validator("embedded_buffer_mib")
    @classmethod
    def _check_buffer(cls, mib: int) -> int:
        if 0 < mib < MIN_EMBEDDED_BUFFER_MIB:
            raise ValueError(
                f"GRAPH_API_EMBEDDED_BUFFER_MIB must be 0 (Ladybug's default) or at least "
                f"{MIN_EMBEDDED_BUFFER_MIB}: the store cannot even create its tables in less"
            )
        return mib

    @field_validator("bookmark_key")
    @classmethod
    def _check_bookmark_key(cls, key: SecretStr) -> SecretStr:
        if any(len(piece) < MIN_BOOKMARK_KEY_CHARS for piece in comma_list(key.get_secret_value())):
            raise ValueError(
                f"each key in GRAPH_API_BOOKMARK_KEY must be at least {MIN_BOOKMARK_KEY_CHARS} "
                "characters; make one with: python -c 'import secrets; "
                "print(secrets.token_urlsafe(32))'"
            )
        return key

    @field_validator("neo4j_uri")
    @classmethod
    def _check_neo4j_uri(cls, uri: str) -> str:
        scheme = uri.split("://", 1)[0] if "://" in uri else ""
        if scheme not in _NEO4J_SCHEMES:
            allowed = ", ".join(f"{s}://" for s in _NEO4J_SCHEMES)
            raise ValueError(
                f"NEO4J_URI '{uri}' must start with one of {allowed} "
                "(neo4j:// or neo4j+s:// for a cluster or Aura)"
            )
        return uri

    @model_validator(mode="after")
    def _check_jwt_rules(self) -> Settings:
        if self.jwt_jwks_url and not (self.jwt_issuer and self.jwt_audience):
            raise ValueError(
                "GRAPH_API_JWT_JWKS_URL is set, so GRAPH_API_JWT_ISSUER and "
                "GRAPH_API_JWT_AUDIENCE must be set too: a token is accepted only from "
                "your provider and for this service"
            )
        return self

    @field_validator("otel_traces")
    @classmethod
    def _check_tracing(cls, traces: bool) -> bool:
        missing = [name for name in TRACING_PACKAGES if not _installed(name)]
        if traces and missing:
            raise ValueError(
                "GRAPH_API_OTEL_TRACES is on, but the OpenTelemetry SDK is not installed "
                f"({', '.join(missing)}): run pip install 'graph-api[otel]', or turn traces off"
            )
        return traces

    @field_validator("jwt_jwks_url")
    @classmethod
    def _check_jwt(cls, url: str) -> str:
        if url and not url.startswith(("https://", "http://127.0.0.1", "http://localhost")):
            raise ValueError(
                f"GRAPH_API_JWT_JWKS_URL '{url}' must be an https:// address (plain http is "
                "accepted only on this machine, for tests)"
            )
        return url


# The 'otel' extra: what traces need beyond the OpenTelemetry API (graph_api/tracing.py).
def comma_list(text: str) -> list[str]:
    """The items of a comma-separated setting, blanks around them and empty ones dropped."""
    return [item.strip() for item in text.split(",") if item.strip()]


TRACING_PACKAGES = (
    "opentelemetry.sdk",
    "opentelemetry.exporter.otlp.proto.http",
    "opentelemetry.instrumentation.asgi",
)


def _installed(module: str) -> bool:
    """Whether ``module`` (dotted) can be imported, without importing it."""
    try:
        return importlib.util.find_spec(module) is not None
    except ModuleNotFoundError:  # a parent package is missing
        return False
