"""``graph-api serve``, ``seed`` and ``schema``: run the service, fill a store, print the SDL.

Heavy imports (uvicorn, the app, the stores, the schema) happen inside each command, so
``--help`` and the other commands stay quick.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Annotated

import typer

from graph_api.cli.common import EmbeddedPathOption, StoreOption, console, fail, settings_from
from graph_api.config import Settings, StoreKind
from graph_api.errors import GraphApiError


def serve(
    store: StoreOption = None,
    embedded_path: EmbeddedPathOption = None,
    host: Annotated[
        str | None, typer.Option(help="Address to listen on (default 127.0.0.1).")
    ] = None,
    port: Annotated[int | None, typer.Option(help="Port to listen on (default 8000).")] = None,
    seed: Annotated[
        bool,
        typer.Option(
            help="Load the seed data first if the store is empty (it is never loaded twice)."
        ),
    ] = True,
) -> None:
    """Run the GraphQL service; GraphiQL opens at http://HOST:PORT/graphql."""
    import uvicorn

    from graph_api.app import create_app
    from graph_api.draining import Draining, DrainingServer
    from graph_api.header_limits import with_header_deadline
    from graph_api.request_log import configure_logging

    settings = settings_from(store=store, embedded_path=embedded_path, host=host, port=port)
    configure_logging(settings.log_format)
    _refuse_a_store_file_in_use(settings)
    console.print(
        f"Serving the {settings.store.value} store; GraphiQL at "
        f"http://{settings.host}:{settings.port}/graphql"
    )
    _first_local_key(settings)
    draining = Draining()
    config = uvicorn.Config(
        create_app(settings, seed_if_empty=seed, draining=draining),
        host=settings.host,
        port=settings.port,
        log_level="info",
        # uvicorn's own lines go through the same handler: one format, with request ids.
        log_config=None,
        timeout_graceful_shutdown=int(settings.shutdown_seconds),
        http=with_header_deadline(settings.header_timeout_seconds),
        # A WebSocket message may be as large as a request body, not uvicorn's 16 MiB.
        ws_max_size=settings.max_body_bytes,
    )
    DrainingServer(config, on_stop=draining.begin).run()


def _refuse_a_store_file_in_use(settings: Settings) -> None:
    """Say plainly, before the server starts, that the embedded store is held by another
    process: refused during start-up, uvicorn would print the error as a traceback."""
    if settings.store is not StoreKind.EMBEDDED:
        return  # Neo4j may be down at start: the service waits for it (graph_api.startup)
    from graph_api.store import make_store

    async def open_and_close() -> None:
        store = make_store(settings)
        await store.connect()
        await store.close()

    try:
        asyncio.run(open_and_close())
    except GraphApiError as error:
        raise fail(error) from None


def _first_local_key(settings: Settings) -> None:
    """On this machine only, with no key yet: make an admin key and show it once, so
    the person who just started the service can try every question (as Jupyter does)."""
    from graph_api.auth.api_keys import KeyRing
    from graph_api.auth.roles import Role

    ring = KeyRing(Path(settings.api_keys_file))
    if settings.anonymous_access is None or ring.keys():
        return
    _, key = ring.create("local-admin", Role.ADMIN)
    console.print(
        "Anonymous callers are viewers. A first admin key for this machine (shown once; "
        f"kept hashed in {settings.api_keys_file}):\n  {key}\nIn GraphiQL's Headers: "
        f'{{"Authorization": "Bearer {key}"}}. More: graph-api keys --help',
        soft_wrap=True,
    )


def seed_command(
    files: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Seed files to load (default: every seeds/*.json).", exists=True, dir_okay=False
        ),
    ] = None,
    store: StoreOption = None,
    embedded_path: EmbeddedPathOption = None,
    overwrite: Annotated[
        bool,
        typer.Option(
            help="Write every seed record as the files state it, putting back the seed "
            "values over any edit made since (default: add only what is missing)."
        ),
    ] = False,
) -> None:
    """Add the seed data the store does not hold yet. Records already there are left as
    they are, so edits made through the API or an import survive; safe to repeat."""
    from graph_api.seeding import seed_store
    from graph_api.seeding.files import SeedError
    from graph_api.store import make_store

    settings = settings_from(store=store, embedded_path=embedded_path)

    async def run() -> None:
        target = make_store(settings)
        await target.connect()
        try:
            with console.status("seeding") as status:
                report = await seed_store(
                    target, files, on_progress=status.update, overwrite=overwrite
                )
            counts = await target.count_nodes()
        finally:
            await target.close()
        console.print(
            f"Seeded the {settings.store.value} store from {len(report.files)} files: "
            f"{report.describe()}. It now holds {sum(counts.values())} entities."
        )

    try:
        asyncio.run(run())
    except GraphApiError as error:
        raise fail(error) from None
    except SeedError as error:
        console.print(f"[red]Seed file error:[/red] {error}")
        raise typer.Exit(1) from None


def schema(
    check: Annotated[
        Path | None,
        typer.Option(
            help="Instead of printing, compare with this SDL file and fail if it "
            "differs (e.g. --check schema.graphql)."
        ),
    ] = None,
) -> None:
    """Print the GraphQL schema (SDL), e.g. graph-api schema > schema.graphql."""
    from graph_api.schema import build_schema

    sdl = build_schema().as_str() + "\n"
    if check is None:
        typer.echo(sdl, nl=False)
        return
    if not check.exists() or check.read_text(encoding="utf-8") != sdl:
        console.print(f"[red]{check} is out of date[/red]: run graph-api schema > {check}")
        raise typer.Exit(1)
    console.print(f"{check} matches the code.")
