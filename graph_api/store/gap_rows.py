"""The shapes the gap and matching reads (``graph_api.store.gap_reads``) take and give
besides entities and links: a department's attendance, and a technology's serving group."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class DepartmentAttendance:
    """A department as the attendance report sees it."""

    department_id: str
    dissolved: str | None
    attended_in_period: int
    latest_event_id: str | None  # its newest event at any time (as of the lens day)
    latest_day: dt.date | None


@dataclass(frozen=True)
class ServingGroup:
    """A technology, the technologies that serve a need for it (itself and every narrower
    one), and (for contact questions) the departments needing it."""

    technology_id: str
    serving: tuple[str, ...]
    departments: tuple[str, ...] = ()

    def as_param(self) -> dict[str, Any]:
        """The group as a Cypher map parameter."""
        return {
            "technology": self.technology_id,
            "technologies": list(self.serving),
            "departments": list(self.departments),
        }
