"""Which links an analytics question may use: the one place dates (and, on the roadmap,
an as-of date and evidence/confidence thresholds) are decided.

Every analytics function takes a ``LinkFilter`` rather than loose date arguments, so a
new condition is added here once and every question obeys it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from graph_api.domain import LinkRecord, RelType

ALL_TYPES: frozenset[RelType] = frozenset(RelType)


@dataclass(frozen=True)
class Period:
    """A closed range of days; either end may be open (None)."""

    start: dt.date | None = None
    end: dt.date | None = None

    def contains(self, day: dt.date | None) -> bool:
        """Whether a link dated ``day`` falls inside; undated links always count, because
        they state lasting facts (a department's bureau, an enterprise's technology)."""
        if day is None:
            return True
        if self.start is not None and day < self.start:
            return False
        return not (self.end is not None and day > self.end)

    @property
    def is_open(self) -> bool:
        """True when neither end is set (every date counts)."""
        return self.start is None and self.end is None

    def describe(self) -> str:
        """The period in words, for reasons and explanations."""
        if self.start and self.end:
            return f"dated {self.start.isoformat()} to {self.end.isoformat()}"
        if self.start:
            return f"dated from {self.start.isoformat()}"
        if self.end:
            return f"dated up to {self.end.isoformat()}"
        return "of any date"


EVERY_DAY = Period()


@dataclass(frozen=True)
class LinkFilter:
    """The links a question may use: these relationship types, dated inside this period."""

    types: frozenset[RelType] = ALL_TYPES
    period: Period = EVERY_DAY

    def allows(self, link: LinkRecord, day: dt.date | None) -> bool:
        """Whether ``link``, effective on ``day`` (see ``Incidence.day``), may be used.

        Takes the whole link so evidence and confidence thresholds can join here."""
        return link.type in self.types and self.period.contains(day)

    def with_types(self, types: frozenset[RelType]) -> LinkFilter:
        """The same filter over other relationship types."""
        return LinkFilter(types=types, period=self.period)


EVERY_LINK = LinkFilter()

# Links through which organisations actually meet or work together: the routes an
# introduction can take, and what "proximity" is measured over. Technology links (NEEDS,
# OFFERS) are left out: sharing a need with someone is not knowing them.
CONTACT_TYPES: frozenset[RelType] = frozenset(
    {
        RelType.ATTENDED,
        RelType.MET,  # only present when a lens infers meetings (analytics.lens)
        RelType.ORGANISED,
        RelType.CO_ORGANISED,
        RelType.PILOTED,
        RelType.INCUBATED_BY,
        RelType.MEMBER_OF,
        RelType.PART_OF,
    }
)
# The graph brokers and communities are computed on: contact links without the org chart
# (PART_OF would make every bureau a broker between its own departments).
STRUCTURE_TYPES: frozenset[RelType] = CONTACT_TYPES - {RelType.PART_OF}
