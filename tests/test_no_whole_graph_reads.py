"""Issue 11's rule, checked where it can be checked without a stopwatch: right after a
write, the analysts' questions are answered from the store, and none of them waits for
a copy of the whole graph (``export_graph``, what the old projection was built from).
Only ``trust.inferMeetings`` still reads such a copy, and this test leaves it out."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest

from graph_api.auth.roles import Role
from graph_api.store.base import GraphStore
from tests.auth_support import as_role
from tests.editing_support import load_base

WRITE = """mutation { createEntity(input: {kind: ENTERPRISE, id: "enterprise:new-firm",
  nameEn: "New Firm", source: "test"}) { entity { id } } }"""
# Every analytics question an analyst may ask without inferred meetings.
QUESTIONS = """{
  collaborationPaths(from: "department:dpo", to: "enterprise:acme") { paths { hops } }
  whoMet(party: "department:dpo") { totalCount }
  meetings(a: "department:dpo", b: "enterprise:acme-hk") { date }
  unmetNeeds { totalCount }
  recommendMatches(department: "department:dpo") { totalCount }
  inviteList { totalCount }
  neighbourhood(of: "department:dpo") { complete }
  brokers { totalCount }
  communities { totalCount }
  changes(since: "2000-01-01") { newMeetings { date } }
}"""


async def test_questions_right_after_a_write_never_copy_the_whole_graph(
    app_over: Callable[..., Any], empty_store: GraphStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    await load_base(empty_store)
    copies = _count_calls(monkeypatch, empty_store, "export_graph")
    editor = app_over(as_role(Role.EDITOR))
    written = await editor.post("/graphql", json={"query": WRITE})
    assert "errors" not in written.json(), written.json()
    analyst = app_over(as_role(Role.ANALYST))
    answered = (await analyst.post("/graphql", json={"query": QUESTIONS})).json()
    assert "errors" not in answered, answered["errors"]
    assert answered["data"]["collaborationPaths"]["paths"]  # asked, and answered
    assert copies == [0]


def _count_calls(monkeypatch: pytest.MonkeyPatch, store: GraphStore, name: str) -> list[int]:
    """Count the calls of ``store.name`` (each still goes to the store)."""
    calls = [0]
    original: Callable[..., Awaitable[Any]] = getattr(store, name)

    async def counted(*args: Any, **kwargs: Any) -> Any:
        calls[0] += 1
        return await original(*args, **kwargs)

    monkeypatch.setattr(store, name, counted)
    return calls
