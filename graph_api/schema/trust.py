"""The one check of trust arguments (a minimum confidence and kinds of evidence), shared
by the nested lists (``minConfidence``, ``evidence``) and the analytics questions
(``trust: {minConfidence, evidence}``), so both refuse the same values the same way."""

from __future__ import annotations

from collections.abc import Sequence

from graph_api.domain import Evidence
from graph_api.errors import bad_input


def checked_trust(
    min_confidence: float | None,
    evidence: Sequence[Evidence] | None,
    prefix: str = "",
    argument: str | None = None,
) -> tuple[float, tuple[Evidence, ...]]:
    """The confidence floor (0 if none) and the evidence kinds asked for (empty: all).

    A confidence outside 0..1 or an empty evidence list is BAD_USER_INPUT; messages name
    the field as ``prefix + name`` and the error's argument is ``argument`` (default: the
    field's own name)."""
    if min_confidence is not None and not 0.0 <= min_confidence <= 1.0:
        raise bad_input(
            f"'{prefix}minConfidence' must be between 0 and 1; it was {min_confidence}.",
            argument=argument or "minConfidence",
        )
    if evidence is not None and not evidence:
        allowed = ", ".join(e.value for e in Evidence)
        raise bad_input(
            f"'{prefix}evidence' must name at least one of {allowed}, or be left out.",
            argument=argument or "evidence",
        )
    return min_confidence or 0.0, tuple(evidence or ())
