"""Queries with an ``_open`` wording, for questions with no date or trust rules, answer
exactly as their full wording does when its rules let every link through: on both
stores, over the seed data (graph_api.store.gap_reads, cypher_scoped). That both answer
what an independent recomputation answers is the analytics contract tests' job
(test_met_in_store.py, test_analytics_contract_gaps.py)."""

from __future__ import annotations

import dataclasses
import datetime as dt

from graph_api.analytics.supply import Taxonomy
from graph_api.domain import NodeKind, RelType
from graph_api.store.base import GraphStore
from graph_api.store.gap_rows import ServingGroup
from graph_api.store.link_scope import LinkScope

OPEN = LinkScope(types=frozenset(RelType))
# A rule that every link of the seed data passes: the full wording runs, to the same rows.
RULED = dataclasses.replace(OPEN, as_of=dt.date(9999, 12, 30))


def test_the_two_scopes_choose_the_two_wordings() -> None:
    assert OPEN.is_open
    assert not RULED.is_open


async def test_gap_reads_answer_alike_in_either_wording(seeded_store: GraphStore) -> None:
    reads = seeded_store.gap_reads
    taxonomy = Taxonomy(await reads.technology_tree(OPEN))
    groups = {t: ServingGroup(t, taxonomy.serving(t)) for t in taxonomy.technologies}
    needs = [(link.from_id, groups[link.to_id]) for link in await reads.needs(OPEN)]
    counts = await reads.supplier_counts(OPEN, list(groups.values()))
    suppliers = await reads.suppliers(OPEN, list(groups.values()))
    met = await reads.needs_met(OPEN, needs)
    # The seed data has each.
    assert counts
    assert suppliers
    assert met
    assert counts == await reads.supplier_counts(RULED, list(groups.values()))
    assert suppliers == await reads.suppliers(RULED, list(groups.values()))
    assert met == await reads.needs_met(RULED, needs)
    # The open wordings were the ones that ran, where the store's dialect has them.
    sent = seeded_store.counters.by_query
    for name in ("supplier_counts", "suppliers_of"):
        assert sent.get(f"{name}_open", 0) > 0
        assert sent.get(name, 0) > 0
    enterprises = [
        node.id
        for node in (await seeded_store.export_graph())[0]
        if node.kind is NodeKind.ENTERPRISE
    ]
    for department in ("department:dpo", "department:bd", "department:archsd"):
        met_by = await reads.met_among(OPEN, department, enterprises)
        assert met_by == await reads.met_among(RULED, department, enterprises)
    assert await reads.met_among(OPEN, "department:dpo", enterprises)  # it met some
    members = await reads.partner_members(OPEN)
    assert members
    assert members == await reads.partner_members(RULED)
    some = enterprises[: len(enterprises) // 2]
    assert await reads.partner_members(OPEN, (), some) == await reads.partner_members(
        RULED, (), some
    )
    if seeded_store.backend == "neo4j":  # the embedded store joins flat reads instead
        assert sent.get("needs_met_open", 0) > 0
        assert sent.get("needs_met", 0) > 0


async def test_who_met_answers_alike_in_either_wording(seeded_store: GraphStore) -> None:
    kinds = [NodeKind.ENTERPRISE, NodeKind.DEPARTMENT, NodeKind.PARTNER_BODY]
    answer = await seeded_store.who_met_counts("department:dpo", OPEN, kinds, (), None, 50)
    assert answer[0] > 0
    assert answer == await seeded_store.who_met_counts("department:dpo", RULED, kinds, (), None, 50)
    # The party's own kind, and a kind it never met, are told by label on Neo4j.
    only_bureaux = await seeded_store.who_met_counts(
        "department:dpo", OPEN, [NodeKind.BUREAU], (), None, 50
    )
    assert only_bureaux == await seeded_store.who_met_counts(
        "department:dpo", RULED, [NodeKind.BUREAU], (), None, 50
    )
