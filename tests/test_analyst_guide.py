"""The analyst guide's answers are the real answers: every example in
docs/analyst-guide.md runs on both stores over the seed data and gives what the guide
shows (lists may be cut short, saying how many more there are). After the data changes,
re-render them with ``.venv/bin/python -m tests.render_guide``."""

from __future__ import annotations

import httpx
import pytest

from tests.gql_client import gql
from tests.guide_blocks import Example, cut_like, differences, examples, read_guide, render

pytestmark = pytest.mark.neo4j

EXAMPLES = examples(read_guide())


def test_the_guide_has_an_answer_for_every_question() -> None:
    assert len(EXAMPLES) >= 13
    assert len({example.name for example in EXAMPLES}) == len(EXAMPLES)


def test_cut_lists_say_how_many_more() -> None:
    shown = {"a": [1, 2, "… 3 more"], "b": "x"}
    assert differences(shown, {"a": [1, 2, 3, 4, 5], "b": "x"}) == []
    assert differences(shown, {"a": [1, 2, 3, 4], "b": "x"}) == [
        "data.a: 4 items, the guide says 5"
    ]
    assert differences(shown, {"a": [1, 9, 3, 4, 5], "b": "x"}) == [
        "data.a[1]: guide shows 2, the service answers 9"
    ]
    assert cut_like(shown, {"a": [1, 2, 3, 4, 5], "b": "x", "c": [1, 2, 3]}) == {
        "a": [1, 2, "… 3 more"],
        "b": "x",
        "c": [1, 2, "… 1 more"],
    }
    assert render({"a": [1, 2]}) == '{"a": [1, 2]}'


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda e: e.name)
async def test_the_guide_shows_the_real_answer(api: httpx.AsyncClient, example: Example) -> None:
    body = await gql(api, example.query, example.variables)
    assert "errors" not in body, body["errors"]
    problems = differences(example.shown, body["data"])
    assert problems == [], "re-render with: .venv/bin/python -m tests.render_guide"
