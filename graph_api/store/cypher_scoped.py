"""Reads scoped by a question's rules (types, period, as-of day, trust), over the Cypher
files: the links a path search widens, who met whom and the events they shared.

``CypherGraphStore`` inherits this mixin; it only needs the store's ``read``. Each
method is one round-trip, and the rules are applied in the database, so only what the
answer needs crosses the wire.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from graph_api.domain import (
    PUBLIC_KINDS,
    STRUCTURAL_TYPES,
    Evidence,
    LinkRecord,
    NodeKind,
    NodeRecord,
    RelType,
    kind_of_id,
)
from graph_api.domain.chart import chart_params
from graph_api.store.base import LinkView
from graph_api.store.filters import NO_LIMIT
from graph_api.store.link_scope import LinksAt, LinkScope, MetCount, SharedAttendance
from graph_api.store.requests import word_params

if TYPE_CHECKING:
    from graph_api.store.cypher_library import CypherLibrary

Row = dict[str, Any]


def view_params(view: LinkView) -> dict[str, Any]:
    """The parameters of a view's as-of day and trust rules, as the Cypher files name them."""
    return {
        "as_of": view.as_of.isoformat() if view.as_of else NO_LIMIT,
        # Entities dissolved before this day are gone from as-of lists ('' keeps them all).
        "existing_on": view.as_of.isoformat() if view.as_of else "",
        "min_confidence": view.min_confidence,
        "with_sample": view.with_sample,
        "evidence": list(view.evidence or [e.value for e in Evidence]),
        # What an old link written without evidence counts as (the stores' default).
        "recorded": Evidence.RECORDED.value,
        # Link types that count whatever the trust rules (the chart and the taxonomy).
        "structural": sorted(t.value for t in STRUCTURAL_TYPES),
    }


def scope_params(scope: LinkScope) -> dict[str, Any]:
    """The parameters of a scope's period, as-of day and trust rules."""
    view = LinkView(
        scope.as_of, scope.min_confidence, tuple(sorted(scope.evidence)), scope.with_sample
    )
    return {
        "period_start": scope.start.isoformat() if scope.start else "",
        "period_end": scope.end.isoformat() if scope.end else NO_LIMIT,
        **view_params(view),
    }


class CypherScopedReads:
    """Scoped reads for ``CypherGraphStore``."""

    if TYPE_CHECKING:  # provided by CypherGraphStore
        cypher: CypherLibrary

        async def read(self, name: str, params: dict[str, Any], **tokens: Any) -> list[Row]: ...

    # Ladybug finds entities by primary key only when their table is named, so the
    # embedded store asks once per kind of owner (a path level, a page of nested lists);
    # Neo4j's :Entity(id) index serves any mix in one query.
    reads_by_kind = False
    # Ladybug evaluates an EXISTS over several hops in full, where Neo4j stops at the first
    # match: on the embedded store, some gap reads join flat reads' sets in Python instead.
    joins_in_python = False

    async def path_links(self, ids: Sequence[str], scope: LinkScope, limit: int) -> list[LinksAt]:
        """The links ``scope`` allows at ``ids``, both ways; at most ``limit`` + 1 read in
        all (an owner may come in more than one part)."""
        unique = list(dict.fromkeys(ids))
        if not unique:
            return []
        params: dict[str, Any] = {
            "types": sorted(t.value for t in scope.types),
            "limit": limit + 1,
            "person": NodeKind.PERSON.value,
            **chart_params(),
        }
        name = "path_links_open"
        if not scope.is_open:
            name = "path_links"
            params |= {"event_kind": NodeKind.EVENT.value, **scope_params(scope)}
        found: list[LinksAt] = []
        count = 0
        for kind, group in self.by_kind(unique):
            rows = await self.read(name, {**params, "ids": group}, kind=kind)
            for row in rows:
                links = LinksAt.from_row(row)
                found.append(links)
                count += links.read
            if count > limit:
                break
        return found

    async def node_degrees(self, ids: Sequence[str]) -> dict[str, int]:
        """How many links each of ``ids`` has (any type, either way); unknown ids absent."""
        found: dict[str, int] = {}
        for kind, group in self.by_kind(list(dict.fromkeys(ids))):
            rows = await self.read("node_degrees", {"ids": group}, kind=kind)
            found |= {row["id"]: int(row["degree"]) for row in rows}
        return found

    def by_kind(self, ids: list[str]) -> list[tuple[NodeKind | None, list[str]]]:
        """The ids in one group (Neo4j) or one group per entity table (embedded store)."""
        if not ids:
            return []
        if not self.reads_by_kind:
            return [(None, ids)]
        groups: dict[NodeKind, list[str]] = defaultdict(list)
        for node_id in ids:
            kind = kind_of_id(node_id)
            if kind is not None:  # else not an id any entity table could hold
                groups[kind].append(node_id)
        return sorted(groups.items())

    async def who_met_counts(
        self,
        party: str,
        scope: LinkScope,
        kinds: Sequence[NodeKind],
        events: Sequence[str],
        role: str | None,
        limit: int,
        words: tuple[str, ...] = (),
    ) -> tuple[int, list[MetCount]]:
        """How many parties of ``kinds`` attended an event with ``party`` (only ``events``
        if any are named; only where they played ``role``, if given; only those whose
        names hold every one of ``words``), and the first ``limit``, most shared events
        first, then by id."""
        params = {
            "party": party,
            "kinds": [kind.value for kind in kinds],
            # One row at least, or a page of none could not tell the total.
            "limit": max(limit, 1),
            **word_params(words),
            **_event_params(events, role),
            **scope_params(scope),
        }
        if scope.is_open:
            rows = await self.read("who_met_partners_open", _without_rules(params))
        else:
            rows = await self.read("who_met_partners", params)
        if not rows:
            return 0, []
        page = [
            MetCount(
                row["partner"],
                int(row["shared"]),
                dt.date.fromisoformat(row["last_met"]) if row["last_met"] else None,
            )
            for row in rows[:limit]
        ]
        return int(rows[0]["total"]), page

    async def shared_attendances(
        self,
        party: str,
        others: Sequence[str],
        scope: LinkScope,
        events: Sequence[str] = (),
        role: str | None = None,
    ) -> list[SharedAttendance]:
        """Every event ``party`` attended with each of ``others`` (only ``events``, if
        any; only where the other played ``role``, if given), with both attendances."""
        if not others:
            return []
        params = {
            "party": party,
            "others": list(dict.fromkeys(others)),
            **_event_params(events, role),
            **scope_params(scope),
        }
        rows = await self.read("shared_attendances", params)
        return [_shared(party, row) for row in rows]

    async def event_parties(self, ids: Sequence[str], scope: LinkScope) -> dict[str, int]:
        """Event id -> how many parties (never persons) attended it under ``scope``."""
        if not ids:
            return {}
        params = {
            "ids": sorted(set(ids)),
            "party_kinds": [kind.value for kind in PUBLIC_KINDS],
            **scope_params(scope),
        }
        rows = await self.read("event_parties", params)
        return {row["event"]: int(row["parties"]) for row in rows}


def _without_rules(params: dict[str, Any]) -> dict[str, Any]:
    """The parameters of a query that has no date or trust rules (Kuzu-style engines
    refuse parameters a query does not use)."""
    rules = {
        "period_start",
        "period_end",
        "as_of",
        "min_confidence",
        "with_sample",
        "evidence",
        "recorded",
    }
    return {key: value for key, value in params.items() if key not in rules}


def _event_params(events: Sequence[str], role: str | None) -> dict[str, Any]:
    return {
        "all_events": not events,
        "events": list(events) or [""],  # typed even when unused (embedded store)
        "role": role or "",
    }


def _shared(party: str, row: Row) -> SharedAttendance:
    event = NodeRecord.from_row(row["event"])
    ends = {"type": RelType.ATTENDED.value, "to_id": event.id}
    return SharedAttendance(
        other=NodeRecord.from_row(row["other_node"]),
        event=event,
        own=LinkRecord.from_row({**row["own"], **ends, "from_id": party}),
        other_link=LinkRecord.from_row({**row["other"], **ends, "from_id": row["other_id"]}),
    )
