"""Write the real answers into docs/analyst-guide.md after the seed data or the code
changed: ``.venv/bin/python -m tests.render_guide``. Runs every example on the embedded
store loaded with the seed data, keeps each list as long as the guide showed it, and
rewrites only the json answers. tests/test_analyst_guide.py then checks them on both
stores."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx

from graph_api.app import create_app
from graph_api.config import Settings
from graph_api.seeding import seed_store
from graph_api.store.embedded_store import EmbeddedStore
from tests.auth_support import ADMIN_HEADERS
from tests.gql_client import gql
from tests.guide_blocks import GUIDE, cut_like, examples, read_guide, render


async def _answers(queries: list[tuple[str, dict[str, Any]]]) -> list[Any]:
    store = EmbeddedStore()
    await store.connect()
    try:
        await seed_store(store, on_progress=lambda _: None)
        app = create_app(Settings(store=store.backend), store=store)
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(
            transport=transport, base_url="http://guide", headers=ADMIN_HEADERS
        ) as client:
            answers = []
            for query, variables in queries:
                body = await gql(client, query, variables)
                if "errors" in body:
                    raise SystemExit(f"{query}\nfails: {body['errors']}")
                answers.append(body["data"])
            return answers
    finally:
        await store.close()


def main() -> None:
    """Re-render every answer of the guide in place."""
    text = read_guide()
    found = examples(text)
    answers = asyncio.run(_answers([(e.query, e.variables) for e in found]))
    # Replace from the end, so earlier spans stay where they are.
    for example, answer in reversed(list(zip(found, answers, strict=True))):
        start, end = example.span
        text = text[:start] + render(cut_like(example.shown, answer)) + "\n" + text[end:]
    GUIDE.write_text(text, encoding="utf-8")
    print(f"Rendered {len(found)} answers into {GUIDE}")


if __name__ == "__main__":
    main()
