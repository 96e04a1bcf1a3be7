"""An invite list for the next forum: the enterprises worth inviting to meet the
departments whose needs no supplier has met yet, gathered across those needs, each
with the needs it could meet and why (the ``recommendMatches`` score for each).

For every unmet need, the best ``per_need`` enterprises that fit it (by the department's
``recommendMatches`` ranking) are put forward; an enterprise put forward for several
needs is listed once. The list is ordered by how many needs an enterprise could meet,
then by its best score, then by id, so it reads as "invite these first".
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass

from graph_api.analytics.gaps_in_store import NeedGap
from graph_api.analytics.matching import Match
from graph_api.analytics.supply import Need

DEFAULT_PER_NEED = 3
MAX_PER_NEED = 10

# A department's matches, best first (the store's ranking or a projection's).
Ranking = Callable[[str], Awaitable[Sequence[Match]]]


@dataclass(frozen=True)
class InviteReason:
    """One unmet need an enterprise could meet, with its match to the department."""

    need: Need
    match: Match


@dataclass(frozen=True)
class Invitee:
    """An enterprise to invite and every unmet need it was put forward for."""

    enterprise_id: str
    reasons: tuple[InviteReason, ...]

    @property
    def best_score(self) -> int:
        """Its highest match score among those needs."""
        return max(reason.match.score for reason in self.reasons)


async def invite_list(gaps: Sequence[NeedGap], rank: Ranking, per_need: int) -> list[Invitee]:
    """The enterprises put forward for ``gaps``, best first (see the module)."""
    rankings: dict[str, Sequence[Match]] = {}
    reasons: list[InviteReason] = []
    for gap in gaps:
        department = gap.need.department_id
        if department not in rankings:
            rankings[department] = await rank(department)
        fitting = [m for m in rankings[department] if gap.need.technology_id in m.fitted]
        reasons += [InviteReason(gap.need, match) for match in fitting[:per_need]]
    return gather(reasons)


def gather(reasons: Sequence[InviteReason]) -> list[Invitee]:
    """One invitee per enterprise, holding its reasons in the order given; most needs
    first, then the best score, then the enterprise id."""
    by_enterprise: dict[str, list[InviteReason]] = {}
    for reason in reasons:
        by_enterprise.setdefault(reason.match.enterprise_id, []).append(reason)
    invitees = [Invitee(e, tuple(found)) for e, found in by_enterprise.items()]
    invitees.sort(key=lambda i: (-len(i.reasons), -i.best_score, i.enterprise_id))
    return invitees
