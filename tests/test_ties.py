"""How much a meeting weighs (graph_api.analytics.ties): event size and roles."""

from __future__ import annotations

import math

from graph_api.analytics.ties import meeting_strength, strongest_first, tie_strength


def test_a_small_event_weighs_more_than_a_large_one() -> None:
    assert meeting_strength(2, "ATTENDEE", "ATTENDEE") == 1.0
    assert meeting_strength(5, "ATTENDEE", None) == 0.25
    assert meeting_strength(60, "ATTENDEE", "ATTENDEE") == round(1 / 59, 6)


def test_each_active_part_makes_a_meeting_half_as_strong_again() -> None:
    assert meeting_strength(5, "SPEAKER", "ATTENDEE") == 0.375
    assert meeting_strength(5, "SPEAKER", "EXHIBITOR") == 0.5625
    assert meeting_strength(5, "HOST", "HOST") == 0.5625
    # Two speakers at a workshop of five against two attendees in a hall of sixty.
    assert meeting_strength(5, "SPEAKER", "SPEAKER") > 30 * meeting_strength(60, None, None)


def test_an_event_with_nobody_else_is_no_meeting_and_ties_add_up() -> None:
    assert meeting_strength(1, "SPEAKER", "SPEAKER") == 0.0
    assert meeting_strength(0, None, None) == 0.0
    assert tie_strength([0.25, 0.5, 0.125]) == 0.875
    assert tie_strength([]) == 0.0


def test_a_path_through_no_meeting_counts_as_strongest() -> None:
    assert strongest_first(None) == math.inf
    assert strongest_first(0.2) == 0.2
