"""The Graph-Bookmark header: a write's response carries a token, and a request that
sends it back is answered after that write, on any process; a token the service did
not make is refused before anything runs, and one naming a write the database does not
hold yet is a STORE_UNAVAILABLE within seconds, without taking the store down for
others."""

from __future__ import annotations

import base64
import time

import httpx
import pytest

from graph_api.auth.roles import Role
from graph_api.config import Settings
from graph_api.errors import GraphApiError
from graph_api.read_your_writes import HEADER, MAX_TOKENS, BookmarkSeal
from graph_api.store import neo4j_bookmarks
from graph_api.store.base import GraphStore
from tests.app_client import app_client
from tests.auth_support import as_role

CREATE = """mutation($input: EntityInput!) { createEntity(input: $input) { entity { id } } }"""
FIRM = {"kind": "ENTERPRISE", "id": "enterprise:bookmarked", "nameEn": "Bookmarked", "source": "t"}
READ = '{ enterprise(id: "enterprise:bookmarked") { nameEn } }'


# --- the token (pure) ---------------------------------------------------------------


def test_a_token_opens_to_the_bookmarks_it_was_made_of() -> None:
    seal = BookmarkSeal(b"key")
    first, second = seal.token(["FB:b", "FB:a"]), seal.token(["FB:c"])
    assert seal.bookmarks([first]) == ("FB:a", "FB:b")
    # Tokens of several responses, in one header or in several.
    assert seal.bookmarks([f"{first}, {second}"]) == ("FB:a", "FB:b", "FB:c")
    assert seal.bookmarks([first, second]) == ("FB:a", "FB:b", "FB:c")
    assert seal.bookmarks([]) == ()


@pytest.mark.parametrize(
    "forge",
    [
        lambda token: token.replace("gb1.", "gb2."),  # another version
        lambda token: token[:-2] + ("AA" if not token.endswith("AA") else "BB"),  # tag
        lambda token: "gb1." + _b64(b'["FB:other"]') + "." + token.split(".")[2],  # body
        lambda token: BookmarkSeal(b"other key").token(["FB:a"]),  # another deployment
        lambda token: token + ".x",
        lambda token: "gb1.é.é",
        lambda token: "gb1.%%%.%%%",
        lambda token: "gb1." + "A" * 2_000 + ".AA",
        lambda token: "not a token",
    ],
)
def test_a_token_the_service_did_not_make_is_refused(forge: object) -> None:
    seal = BookmarkSeal(b"key")
    forged = forge(seal.token(["FB:a"]))  # type: ignore[operator]
    with pytest.raises(GraphApiError) as refused:
        seal.bookmarks([forged])
    assert refused.value.code.value == "BAD_USER_INPUT"
    assert HEADER in refused.value.message


def test_a_signed_body_that_is_not_a_list_of_bookmarks_is_refused() -> None:
    seal = BookmarkSeal(b"key")
    body = _b64(b'{"a": 1}')
    token = f"gb1.{body}.{_b64(seal._tag(body))}"
    with pytest.raises(GraphApiError):
        seal.bookmarks([token])


def test_too_many_tokens_are_refused() -> None:
    seal = BookmarkSeal(b"key")
    with pytest.raises(GraphApiError, match=f"at most {MAX_TOKENS}"):
        seal.bookmarks([",".join(seal.token([f"FB:{n}"]) for n in range(MAX_TOKENS + 1))])


def test_processes_with_the_same_credentials_share_the_seal() -> None:
    one = Settings(store="neo4j", neo4j_password="secret-one")
    token = BookmarkSeal.for_settings(one).token(["FB:a"])
    assert BookmarkSeal.for_settings(one.model_copy()).bookmarks([token]) == ("FB:a",)
    other = Settings(store="neo4j", neo4j_password="secret-two")
    with pytest.raises(GraphApiError):
        BookmarkSeal.for_settings(other).bookmarks([token])


# --- through the app, on both stores ------------------------------------------------


async def test_a_write_gives_a_token_and_reads_with_it_see_the_write(
    empty_store: GraphStore,
) -> None:
    async with app_client(empty_store) as http:
        seal = BookmarkSeal.for_settings(Settings(store=empty_store.backend))
        made = await _create(http)
        token = made.headers.get(HEADER)
        if empty_store.backend == "neo4j":
            assert token is not None
            assert all(bookmark.startswith("FB:") for bookmark in seal.bookmarks([token]))
        else:  # one process, nothing to wait for: no token
            assert token is None
            token = seal.token(["anything"])  # accepted, and ignored
        found = await http.post("/graphql", json={"query": READ}, headers={HEADER: token})
        assert found.status_code == 200
        assert found.json() == {"data": {"enterprise": {"nameEn": "Bookmarked"}}}
        # A plain read makes no token.
        assert HEADER not in (await http.post("/graphql", json={"query": READ})).headers


async def test_a_forged_token_is_refused_before_anything_runs(empty_store: GraphStore) -> None:
    async with app_client(empty_store) as http:
        made = await _create(http, headers={HEADER: "gb1.AAAA.AAAA"})
        assert made.status_code == 400
        error = made.json()["errors"][0]
        assert error["extensions"]["code"] == "BAD_USER_INPUT"
        assert HEADER in error["message"]
        unwritten = (await http.post("/graphql", json={"query": READ})).json()
        assert unwritten["errors"][0]["extensions"]["code"] == "NOT_FOUND"


@pytest.mark.neo4j
async def test_a_write_the_database_does_not_hold_is_a_quick_503_for_that_request_only(
    empty_neo4j: GraphStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(neo4j_bookmarks, "BOOKMARK_WAIT_SECONDS", 1.0)
    async with app_client(empty_neo4j) as http:
        seal = BookmarkSeal.for_settings(Settings(store="neo4j"))
        genuine = seal.bookmarks([(await _create(http)).headers[HEADER]])[0]
        ahead = seal.token([_far_ahead(genuine)])
        started = time.monotonic()
        waited = await http.post("/graphql", json={"query": READ}, headers={HEADER: ahead})
        assert time.monotonic() - started < 6
        assert waited.status_code == 503
        error = waited.json()["errors"][0]
        assert error["extensions"]["code"] == "STORE_UNAVAILABLE"
        assert "caught up" in error["message"]
        # The store is not marked down: the next request is answered at once.
        plain = await http.post("/graphql", json={"query": READ})
        assert plain.json() == {"data": {"enterprise": {"nameEn": "Bookmarked"}}}
        # A bookmark Neo4j cannot read (signed, so only a bug could send one) is the
        # client's error, not the store's.
        garbage = await http.post(
            "/graphql", json={"query": READ}, headers={HEADER: seal.token(["FB:garbage"])}
        )
        assert garbage.json()["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


async def _create(http: httpx.AsyncClient, headers: dict[str, str] | None = None) -> httpx.Response:
    return await http.post(
        "/graphql",
        json={"query": CREATE, "variables": {"input": FIRM}},
        headers={**as_role(Role.EDITOR), **(headers or {})},
    )


def _far_ahead(bookmark: str) -> str:
    """The bookmark of a transaction far ahead of ``bookmark``'s (its PackStream: the
    database's id, the transaction id, then an empty list)."""
    packed = base64.b64decode(bookmark.removeprefix("FB:") + "==")
    database_id = packed[:19]  # a one-item list holding 16 bytes
    assert packed[:3] == b"\x91\xcc\x10", packed
    ahead = database_id + b"\xca" + (2**30).to_bytes(4, "big") + b"\x90"
    return "FB:" + base64.b64encode(ahead).decode("ascii").rstrip("=")


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")
