"""Synthetic graphs of any size for benchmarks and load tests, streamed to import files.

Unlike ``graph_api.generate`` (the small, curated sample around the real seeds), this
invents every entity, so it scales to millions of links: bureaux, departments (some
units of others), partner bodies, a two-level technology taxonomy, enterprises and
events. It is skewed the way the real thing is: a few big Technology Forums and many
small workshops; popular technologies (Zipf-like) and rare ones; a few very active
departments and enterprises (Pareto-like) and many occasional ones. Everything is
marked ``sample: true``, and the same numbers and seed always give the same files.

Links are written as they are made and never collected, so memory grows with the
number of entities only.
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from graph_api.domain import AttendanceRole, EnterpriseSize, EventType, NodeKind, RelType
from graph_api.generate.scale_words import (
    AREAS,
    BROAD,
    DAYS,
    EVENT_MIX,
    FIRM_FORMS,
    FIRST_DAY,
    FORMS,
    NARROW,
    ORIGINS,
    SIZES,
    STEMS,
    WORDS,
)
from graph_api.transfer.source import RecordWriter


@dataclass(frozen=True)
class ScaleSpec:
    """How big a graph to make, and from which random seed."""

    departments: int = 70
    enterprises: int = 1_000
    events: int = 200
    technologies: int = 60
    bureaux: int | None = None  # default: one per five departments
    partners: int | None = None  # default: one per twenty departments, at least four
    seed: int = 2019

    def check(self) -> None:
        """Refuse sizes too small to make a connected sample."""
        for name, low in (("departments", 2), ("enterprises", 2), ("events", 1)):
            if getattr(self, name) < low:
                raise ValueError(f"--{name} must be at least {low}")
        if self.technologies < len(BROAD) + 1:
            raise ValueError(f"--technologies must be at least {len(BROAD) + 1}")


@dataclass
class ScaleSummary:
    """What was generated."""

    nodes: Counter[NodeKind] = field(default_factory=Counter)
    links: Counter[RelType] = field(default_factory=Counter)


class _Weighted:
    """Items with cumulative weights, for fast repeated weighted picks."""

    def __init__(self, items: Sequence[str], weights: Sequence[float]) -> None:
        self.items = list(items)
        self.cumulative = list(itertools.accumulate(weights))

    def pick(self, rng: random.Random, count: int) -> list[str]:
        """Up to ``count`` distinct items, heavier ones likelier (draw and skip repeats)."""
        count = min(count, len(self.items))
        chosen: dict[str, None] = {}
        for _ in range(20):
            needed = count - len(chosen)
            if needed <= 0:
                break
            draws = rng.choices(self.items, cum_weights=self.cumulative, k=needed * 2)
            for item in draws:
                if len(chosen) < count:
                    chosen.setdefault(item)
        return list(chosen)


def _unique(names: set[str], name: str) -> str:
    candidate, number = name, 1
    while candidate in names:
        number += 1
        candidate = f"{name} {number}"
    names.add(candidate)
    return candidate


class _Generator:
    def __init__(self, spec: ScaleSpec, writer: RecordWriter, progress: Callable[[int], None]):
        self.spec, self.writer, self.progress = spec, writer, progress
        self.rng = random.Random(spec.seed)  # noqa: S311 (sample data, not secrets)
        self.source = f"synthetic scale data (graph-api generate, seed {spec.seed})"
        self.summary = ScaleSummary()
        self.names: set[str] = set()

    def node(self, kind: NodeKind, node_id: str, name: str, **fields: Any) -> str:
        raw = {"id": node_id, "kind": kind.value, "name_en": _unique(self.names, name)}
        raw.update({key: value for key, value in fields.items() if value is not None})
        self.writer.node({**raw, "source": self.source, "sample": True})
        self.summary.nodes[kind] += 1
        return node_id

    def link(self, rel: RelType, from_id: str, to_id: str, **fields: Any) -> None:
        raw = {"type": rel.value, "from": from_id, "to": to_id, "source": self.source}
        raw.update({key: value for key, value in fields.items() if value is not None})
        self.writer.link({**raw, "sample": True})
        self.summary.links[rel] += 1
        total = self.summary.links.total()
        if total % 10_000 == 0:
            self.progress(total)

    def activity(self, count: int) -> list[float]:
        """Pareto-like activity: a few very active parties, many occasional ones."""
        return [self.rng.paretovariate(1.2) for _ in range(count)]

    def run(self) -> ScaleSummary:
        spec, rng = self.spec, self.rng
        bureaux = [
            self.node(
                NodeKind.BUREAU,
                f"bureau:g-{i:03d}",
                f"{rng.choice(AREAS)} Bureau",
                supervised_by=rng.choice(("CS", "FS")),
            )
            for i in range(1, (spec.bureaux or max(2, spec.departments // 5)) + 1)
        ]
        depts = [
            self.node(
                NodeKind.DEPARTMENT,
                f"department:g-{i:04d}",
                f"{rng.choice(AREAS)} {rng.choice(FORMS)}",
            )
            for i in range(1, spec.departments + 1)
        ]
        partners = [
            self.node(
                NodeKind.PARTNER_BODY,
                f"partner:g-{i:02d}",
                f"{rng.choice(STEMS)} Innovation Hub",
                founded=str(rng.randint(1990, 2020)),
            )
            for i in range(1, (spec.partners or max(4, spec.departments // 20)) + 1)
        ]
        techs = [
            self.node(
                NodeKind.TECHNOLOGY,
                f"technology:g-{i:03d}",
                BROAD[i - 1] if i <= len(BROAD) else rng.choice(NARROW),
            )
            for i in range(1, spec.technologies + 1)
        ]
        firms, firm_meta = [], []
        for i in range(1, spec.enterprises + 1):
            origin = rng.choices([o for o, _ in ORIGINS], [w for _, w in ORIGINS])[0]
            size = rng.choices([s for s, _ in SIZES], [w for _, w in SIZES])[0]
            name = f"{rng.choice(STEMS)} {rng.choice(WORDS)} {rng.choice(FIRM_FORMS)}"
            firms.append(
                self.node(
                    NodeKind.ENTERPRISE,
                    f"enterprise:g-{i:06d}",
                    name,
                    origin=origin.value,
                    size=size.value,
                    founded=str(rng.randint(1985, 2023)),
                )
            )
            firm_meta.append(size)
        events = self.events()
        popular = self.structure(bureaux, depts, partners, techs)
        self.offers_and_ties(firms, firm_meta, popular, partners)
        self.attendance(events, depts, firms, partners)
        return self.summary

    def events(self) -> list[tuple[str, EventType, str]]:
        rng, kinds = self.rng, list(EVENT_MIX)
        plan = sorted(
            (
                FIRST_DAY + dt.timedelta(days=rng.randrange(DAYS)),
                rng.choices(kinds, [EVENT_MIX[k][0] for k in kinds])[0],
            )
            for _ in range(self.spec.events)
        )
        made, forum = [], 0
        for i, (day, kind) in enumerate(plan, start=1):
            topic = rng.choice(NARROW)
            number = None
            if kind is EventType.TECHNOLOGY_FORUM:
                forum += 1
                number, name = forum, f"Technology Forum {forum} (synthetic)"
            else:
                name = f"{kind.value.replace('_', ' ').title()}: {topic} {i}"
            event_id = self.node(
                NodeKind.EVENT,
                f"event:g-{i:06d}",
                name,
                event_type=kind.value,
                number=number,
                date=day.isoformat(),
                theme=topic,
                venue=rng.choice(("Cyberport", "Science Park", "HKPC")),
            )
            made.append((event_id, kind, day.isoformat()))
        return made

    def structure(
        self, bureaux: list[str], depts: list[str], partners: list[str], techs: list[str]
    ) -> _Weighted:
        rng = self.rng
        heads: list[str] = []  # departments directly under a bureau
        for index, dept in enumerate(depts):
            if index > 3 and heads and rng.random() < 0.1:
                # A unit of an earlier department, never of a unit: the chart follows
                # two steps (graph_api.domain.chart), and this makes no cycles.
                self.link(RelType.PART_OF, dept, heads[rng.randrange(len(heads))])
            else:
                heads.append(dept)
                self.link(RelType.PART_OF, dept, rng.choice(bureaux))
        for partner in partners:
            self.link(RelType.PART_OF, partner, rng.choice(depts))
        for tech in techs[len(BROAD) :]:
            self.link(RelType.PART_OF, tech, rng.choice(techs[: len(BROAD)]))
        popular = _Weighted(techs, [1 / rank**1.1 for rank in range(1, len(techs) + 1)])
        for dept in depts:
            for tech in popular.pick(rng, rng.randint(1, 4)):
                self.link(RelType.NEEDS, dept, tech, need=f"Apply {tech} to daily operations")
        return popular

    def offers_and_ties(
        self, firms: list[str], sizes: list[EnterpriseSize], popular: _Weighted, partners: list[str]
    ) -> None:
        rng = self.rng
        for firm, size in zip(firms, sizes, strict=True):
            for tech in popular.pick(rng, rng.choices((1, 2, 3), (45, 35, 20))[0]):
                self.link(RelType.OFFERS, firm, tech)
            if size is EnterpriseSize.STARTUP and rng.random() < 0.6:
                self.link(RelType.INCUBATED_BY, firm, rng.choice(partners[:2]))
            elif rng.random() < 0.3:
                self.link(RelType.MEMBER_OF, firm, rng.choice(partners))

    def attendance(
        self,
        events: list[tuple[str, EventType, str]],
        depts: list[str],
        firms: list[str],
        partners: list[str],
    ) -> None:
        rng = self.rng
        keen_depts = _Weighted(depts, self.activity(len(depts)))
        keen_firms = _Weighted(firms, self.activity(len(firms)))
        pilots: set[tuple[str, str]] = set()
        for event_id, kind, day in events:
            _, low, high, government = EVENT_MIX[kind]
            self.link(
                RelType.ORGANISED,
                partners[0] if rng.random() < 0.7 else rng.choice(partners),
                event_id,
                date=day,
            )
            if kind is EventType.TECHNOLOGY_FORUM:
                self.link(RelType.CO_ORGANISED, rng.choice(partners[1:]), event_id, date=day)
            size = rng.randint(low, high)
            officials = keen_depts.pick(rng, max(1, round(size * government)))
            companies = keen_firms.pick(rng, size - len(officials))
            for position, dept in enumerate(officials):
                role = AttendanceRole.HOST if position == 0 else AttendanceRole.ATTENDEE
                self.link(RelType.ATTENDED, dept, event_id, role=role.value, date=day)
            for position, firm in enumerate(companies):
                role = (
                    AttendanceRole.SPEAKER
                    if position < 2
                    else rng.choice((AttendanceRole.EXHIBITOR, AttendanceRole.ATTENDEE))
                )
                self.link(RelType.ATTENDED, firm, event_id, role=role.value, date=day)
            if companies and rng.random() < 0.05:  # now and then, a meeting leads to a trial
                pair = (officials[0], companies[0])
                if pair not in pilots:
                    pilots.add(pair)
                    self.link(RelType.PILOTED, *pair, project=f"Trial after {event_id}", date=day)


def generate_scale(
    spec: ScaleSpec, writer: RecordWriter, on_progress: Callable[[int], None] | None = None
) -> ScaleSummary:
    """Write a synthetic graph of the given size to ``writer`` (entities, then links)."""
    spec.check()
    return _Generator(spec, writer, on_progress or (lambda _: None)).run()
