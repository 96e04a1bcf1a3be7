"""The kinds of rule the store-answered analytics are compared under (tests of paths and
of who met whom over either store against the projection)."""

from __future__ import annotations

import datetime as dt

from graph_api.analytics.filters import EVERY_LINK, LinkFilter, Period
from graph_api.analytics.lens import Lens
from graph_api.domain import Evidence, NodeKind, RelType

PARTY_KINDS = (NodeKind.DEPARTMENT, NodeKind.ENTERPRISE, NodeKind.PARTNER_BODY, NodeKind.BUREAU)
# The plain graph, as of a day, one kind of evidence, a confidence threshold.
LENSES = (
    Lens(),
    Lens(as_of=dt.date(2024, 6, 30)),
    Lens(evidence=frozenset({Evidence.RECORDED})),
    Lens(min_confidence=0.9),
)
# Every link, some types only, a period.
FILTERS = (
    EVERY_LINK,
    LinkFilter(types=frozenset({RelType.ATTENDED, RelType.INCUBATED_BY, RelType.PART_OF})),
    LinkFilter(period=Period(dt.date(2023, 1, 1), dt.date(2024, 12, 31))),
)
