"""The Graph-Bookmark header: with a key set, a write's response carries a token, and a
request that sends it back is answered after that write, on any process; a token the
deployment did not make is refused before anything runs, and one naming a write the
database does not hold yet is a STORE_UNAVAILABLE within seconds, for that request
alone."""

from __future__ import annotations

import asyncio
import base64
import json
import time
from collections.abc import Callable
from typing import Any

import httpx
import neo4j
import pytest
from pydantic import ValidationError

from graph_api.auth.roles import Role
from graph_api.config import Settings
from graph_api.errors import GraphApiError
from graph_api.read_your_writes import (
    HEADER,
    IGNORED_AFTER_SECONDS,
    MAX_BOOKMARKS,
    MAX_TOKENS,
    BookmarkSeal,
)
from graph_api.resources import resource_dir
from graph_api.store import neo4j_bookmarks
from graph_api.store.base import GraphStore
from graph_api.store.causality import causality, current, outside_requests
from tests.app_client import app_client
from tests.auth_support import as_role

KEY = "k" * 32
CREATE = """mutation($input: EntityInput!) { createEntity(input: $input) { entity { id } } }"""
FIRM = {"kind": "ENTERPRISE", "id": "enterprise:bookmarked", "nameEn": "Bookmarked", "source": "t"}
READ = '{ enterprise(id: "enterprise:bookmarked") { nameEn } }'
IMPORT = """mutation ($file: Upload!) { importRecords(file: $file) { runId created } }"""
EXAMPLES = resource_dir("docs") / "import-examples"


# --- the token (pure) ---------------------------------------------------------------


def test_a_token_opens_to_the_bookmarks_it_was_made_of() -> None:
    seal = BookmarkSeal([KEY])
    first, second = _token(seal, ["FB:b", "FB:a"]), _token(seal, ["FB:c"])
    assert seal.bookmarks([first]) == ("FB:a", "FB:b")
    # Tokens of several responses, in one header or in several.
    assert seal.bookmarks([f"{first}, {second}"]) == ("FB:a", "FB:b", "FB:c")
    assert seal.bookmarks([first, second]) == ("FB:a", "FB:b", "FB:c")
    assert seal.bookmarks([]) == ()
    assert "FB:" not in first  # the bookmark (the database's transaction count) is hidden


@pytest.mark.parametrize(
    "forge",
    [
        lambda token: token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB"),
        lambda token: token[:20] + ("x" if token[20] != "x" else "y") + token[21:],
        lambda token: _token(BookmarkSeal(["another deployment's key, 32 chars"]), ["FB:a"]),
        lambda token: token + "é",
        lambda token: "A" * 2_000,
        lambda token: "not a token",
    ],
)
def test_a_token_the_deployment_did_not_make_is_refused(forge: Callable[[str], str]) -> None:
    seal = BookmarkSeal([KEY])
    with pytest.raises(GraphApiError) as refused:
        seal.bookmarks([forge(_token(seal, ["FB:a"]))])
    assert refused.value.code.value == "BAD_USER_INPUT"
    assert HEADER in refused.value.message


def test_too_many_tokens_are_refused_and_too_many_bookmarks_give_none() -> None:
    seal = BookmarkSeal([KEY])
    with pytest.raises(GraphApiError, match=f"at most {MAX_TOKENS}"):
        seal.bookmarks([",".join(_token(seal, [f"FB:{n}"]) for n in range(MAX_TOKENS + 1))])
    assert seal.token([f"FB:{n}" for n in range(MAX_BOOKMARKS + 1)]) is None
    assert seal.token([]) is None


def test_without_a_key_no_token_is_given_and_none_is_taken() -> None:
    seal = BookmarkSeal([])
    assert seal.token(["FB:a"]) is None
    assert seal.bookmarks([]) == ()
    with pytest.raises(GraphApiError, match="GRAPH_API_BOOKMARK_KEY"):
        seal.bookmarks([_token(BookmarkSeal([KEY]), ["FB:a"])])


def test_a_key_is_replaced_gradually_and_old_tokens_are_ignored() -> None:
    old_key, new_key = "o" * 32, "n" * 32
    from_old = _token(BookmarkSeal([old_key]), ["FB:old"])
    both = BookmarkSeal([new_key, old_key])
    assert both.bookmarks([from_old]) == ("FB:old",)
    with pytest.raises(GraphApiError):
        BookmarkSeal([old_key]).bookmarks([_token(both, ["FB:new"])])  # sealed with new
    later = BookmarkSeal([KEY], clock=lambda: time.time() + IGNORED_AFTER_SECONDS + 60)
    assert later.bookmarks([_token(BookmarkSeal([KEY]), ["FB:a"])]) == ()


def test_the_key_setting_wants_long_secrets() -> None:
    with pytest.raises(ValidationError, match="at least 32 characters"):
        Settings(bookmark_key="short")
    assert Settings(bookmark_key=f" {KEY} , {'o' * 32} ").bookmark_keys == [KEY, "o" * 32]
    assert Settings().bookmark_keys == []


# --- the store's bookkeeping (the driver's own bookmark manager; no server) ---------


async def test_a_request_with_bookmarks_adds_them_to_the_process_own() -> None:
    driver = neo4j.AsyncGraphDatabase.driver("bolt://127.0.0.1:1", auth=("neo4j", "x"))
    try:
        shared = driver.execute_query_bookmark_manager
        await shared.update_bookmarks([], ["FB:process"])
        assert neo4j_bookmarks.bookmark_manager(driver) is shared
        with causality(["FB:client"]):
            manager = neo4j_bookmarks.bookmark_manager(driver)
            assert neo4j_bookmarks.bookmark_manager(driver) is manager  # one per request
            assert set(await manager.get_bookmarks()) == {"FB:client", "FB:process"}
            # As the driver does after a commit: what the transaction began after is
            # replaced by its own bookmark, here and in the process's manager.
            await manager.update_bookmarks({"FB:client", "FB:process"}, ["FB:written"])
            assert set(await manager.get_bookmarks()) == {"FB:written"}
            neo4j_bookmarks.note_written(neo4j.Bookmarks.from_raw_values(["FB:written"]))
            neo4j_bookmarks.note_written(neo4j.Bookmarks.from_raw_values(["FB:earlier"]))
            assert current().written == ("FB:written", "FB:earlier")  # type: ignore[union-attr]
        assert set(await shared.get_bookmarks()) == {"FB:written"}
        with causality():  # no client bookmarks: the process's manager
            assert neo4j_bookmarks.bookmark_manager(driver) is shared
    finally:
        await driver.close()


async def test_a_task_outliving_its_request_is_not_bound_to_its_bookmarks() -> None:
    with causality(["FB:client"]):
        inside = await asyncio.create_task(_current_after())
        outside = await asyncio.create_task(_current_after(), context=outside_requests())
    assert inside == ("FB:client",)
    assert outside is None


async def _current_after() -> tuple[str, ...] | None:
    place = current()
    return place.after if place is not None else None


# --- through the app ----------------------------------------------------------------


async def test_a_write_gives_a_token_and_reads_with_it_see_the_write(
    empty_store: GraphStore,
) -> None:
    async with app_client(empty_store, bookmark_key=KEY) as http:
        made = await _create(http)
        token = made.headers.get(HEADER)
        if empty_store.backend == "neo4j":
            assert token is not None
            opened = BookmarkSeal([KEY]).bookmarks([token])
            assert opened
            assert all(bookmark.startswith("FB:") for bookmark in opened)
        else:  # one process, nothing to wait for: no token
            assert token is None
            token = _token(BookmarkSeal([KEY]), ["anything"])  # taken, and ignored
        found = await http.post("/graphql", json={"query": READ}, headers={HEADER: token})
        assert found.status_code == 200
        assert found.json() == {"data": {"enterprise": {"nameEn": "Bookmarked"}}}
        # A plain read makes no token.
        assert HEADER not in (await http.post("/graphql", json={"query": READ})).headers


async def test_a_forged_token_is_refused_before_anything_runs(empty_store: GraphStore) -> None:
    async with app_client(empty_store, bookmark_key=KEY) as http:
        made = await _create(http, headers={HEADER: "gAAAAAforged"})
        assert made.status_code == 400
        error = made.json()["errors"][0]
        assert error["extensions"]["code"] == "BAD_USER_INPUT"
        assert HEADER in error["message"]
        unwritten = (await http.post("/graphql", json={"query": READ})).json()
        assert unwritten["errors"][0]["extensions"]["code"] == "NOT_FOUND"


async def test_without_a_key_writes_give_no_token(empty_store: GraphStore) -> None:
    async with app_client(empty_store) as http:
        assert HEADER not in (await _create(http)).headers


@pytest.mark.neo4j
async def test_a_write_the_database_does_not_hold_is_a_quick_503_for_that_request_only(
    empty_neo4j: GraphStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(neo4j_bookmarks, "BOOKMARK_WAIT_SECONDS", 1.0)
    probes = _count_probes(monkeypatch)
    async with app_client(empty_neo4j, bookmark_key=KEY) as http:
        seal = BookmarkSeal([KEY])
        genuine = seal.bookmarks([(await _create(http)).headers[HEADER]])[0]
        ahead = _token(seal, [_far_ahead(genuine)])
        started = time.monotonic()
        # Three fields, each its own store call, asked at once: one wait for all.
        three = (
            "{ a: enterprise(id: $id) { id } b: bureaux(first: 1) { totalCount } "
            'c: search(text: "book", first: 1) { totalCount } }'
        )
        waited = await http.post(
            "/graphql",
            json={"query": f"query($id: ID!) {three}", "variables": {"id": FIRM["id"]}},
            headers={HEADER: ahead},
        )
        # One wait of 1 s (probes says one), not Neo4j's own 30 s; slack for a loaded machine.
        assert time.monotonic() - started < 10
        assert probes == [1]
        assert waited.status_code == 503
        errors = waited.json()["errors"]
        # The fields are not null, so the first failure answers for all three.
        assert [error["extensions"]["code"] for error in errors] == ["STORE_UNAVAILABLE"]
        assert "caught up" in errors[0]["message"]
        # The store is not marked down: a request without the header is answered.
        plain = await http.post("/graphql", json={"query": READ})
        assert plain.json() == {"data": {"enterprise": {"nameEn": "Bookmarked"}}}
        # A bookmark Neo4j cannot read (sealed, so only a bug could send one) is the
        # client's error, not the store's.
        garbage = await http.post(
            "/graphql", json={"query": READ}, headers={HEADER: _token(seal, ["FB:garbage"])}
        )
        assert garbage.json()["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


@pytest.mark.neo4j
async def test_an_import_through_the_service_gives_a_token(empty_neo4j: GraphStore) -> None:
    operations = {"query": IMPORT, "variables": {"file": None}}
    upload = {"operations": json.dumps(operations), "map": json.dumps({"0": ["variables.file"]})}
    csv = (EXAMPLES / "enterprises.csv").read_bytes()
    async with app_client(empty_neo4j, bookmark_key=KEY) as http:
        imported = await http.post(
            "/graphql", data=upload, files={"0": ("enterprises.csv", csv, "text/csv")}
        )
        assert imported.json()["data"]["importRecords"]["created"] > 0
        assert BookmarkSeal([KEY]).bookmarks([imported.headers[HEADER]])


def _count_probes(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many times requests checked the client's bookmarks (the real check runs)."""
    calls = [0]
    probe = neo4j_bookmarks._probe

    async def counted(*args: Any) -> None:
        calls[0] += 1
        await probe(*args)

    monkeypatch.setattr(neo4j_bookmarks, "_probe", counted)
    return calls


async def _create(http: httpx.AsyncClient, headers: dict[str, str] | None = None) -> httpx.Response:
    return await http.post(
        "/graphql",
        json={"query": CREATE, "variables": {"input": FIRM}},
        headers={**as_role(Role.EDITOR), **(headers or {})},
    )


def _token(seal: BookmarkSeal, bookmarks: list[str]) -> str:
    token = seal.token(bookmarks)
    assert token is not None
    return token


def _far_ahead(bookmark: str) -> str:
    """The bookmark of a transaction far ahead of ``bookmark``'s. Tied to how Neo4j 5.26
    writes one (PackStream: a one-item list of the database's 16-byte id, the
    transaction id, then an empty list)."""
    packed = base64.b64decode(bookmark.removeprefix("FB:") + "==")
    assert packed[:3] == b"\x91\xcc\x10", packed
    ahead = packed[:19] + b"\xca" + (2**30).to_bytes(4, "big") + b"\x90"
    return "FB:" + base64.b64encode(ahead).decode("ascii").rstrip("=")
