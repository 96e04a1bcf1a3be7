"""How much a meeting weighs: two speakers at a workshop of five against two attendees
in a hall of sixty.

"Met" counts any two parties at one event, so at a 60-party forum almost everyone meets
everyone. A meeting's *strength* weighs that: a party at an event of n parties can give
each of the others 1/(n - 1) of its time there (Newman's weighting of collaboration
ties), and each of the two that played an active part (host, speaker, exhibitor) makes
it half as strong again. A *tie* is the sum of its meetings' strengths. Every question
that shows meetings shows the weights; paths can prefer strong ties with them.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from graph_api.domain import AttendanceRole, LinkRecord

# Roles that put a party in front of the others rather than among them.
ACTIVE_ROLES = frozenset({AttendanceRole.HOST, AttendanceRole.SPEAKER, AttendanceRole.EXHIBITOR})
ACTIVE_FACTOR = 1.5

STRENGTH_RULE = (
    "A meeting's strength is 1/(n - 1) for an event of n parties (bureaux, departments, "
    "enterprises and partner bodies that attended it), times 1.5 for each of the two "
    "that played an active part (HOST, SPEAKER or EXHIBITOR): two speakers at a "
    "workshop of 5 weigh 0.5625, two attendees at a forum of 60 weigh 0.017. A tie's "
    "strength is the sum over its meetings."
)


def role_of(link: LinkRecord) -> str | None:
    """The role an attendance link records (e.g. SPEAKER), if any."""
    role = link.properties.get("role")
    return str(role) if role else None


def meeting_strength(parties: int, role: str | None, other_role: str | None) -> float:
    """The weight of one meeting at an event of ``parties`` parties, by both roles."""
    if parties < 2:
        return 0.0  # nobody else was there: a record that cannot be a meeting
    factor = 1.0
    for played in (role, other_role):
        if played in ACTIVE_ROLES:
            factor *= ACTIVE_FACTOR
    return round(factor / (parties - 1), 6)


def tie_strength(strengths: Iterable[float]) -> float:
    """A tie's strength: the sum of its meetings' strengths."""
    return round(sum(strengths), 6)


def strongest_first(weakest_meeting: float | None) -> float:
    """A path's rank among paths of its length when strong ties are preferred: by its
    weakest meeting, a path through no meeting (only lasting ties) counting as strongest."""
    return math.inf if weakest_meeting is None else weakest_meeting
