"""One-line explanations of paths on the hand-made fixture."""

from __future__ import annotations

from graph_api.analytics.explain import display_name, explain_path
from graph_api.analytics.filters import CONTACT_TYPES, EVERY_LINK, LinkFilter
from graph_api.analytics.paths import collaboration_paths
from graph_api.domain import RelType
from tests.analytics_fixture import fixture_projection
from tests.oracle import seed


def _explained(source: str, target: str, k: int, links: LinkFilter = EVERY_LINK) -> list[str]:
    projection = fixture_projection()
    answer = collaboration_paths(projection, source, target, links, k=k, max_hops=4)
    return [explain_path(projection, path) for path in answer.paths]


def test_two_attendances_of_one_event_read_as_a_meeting() -> None:
    attended = LinkFilter(types=frozenset({RelType.ATTENDED}))
    assert _explained("department:d1", "enterprise:e3", 1, attended) == [
        "The Alpha Department met Falcon AI at the 1st Test Forum on 2024-03-01; "
        'Falcon AI met Gull Chain at the workshop "Ledgers" on 2025-06-01.'
    ]


def test_every_other_link_reads_subject_first() -> None:
    assert _explained("department:d1", "enterprise:e3", 3) == [
        "The Alpha Department attended the 1st Test Forum on 2024-03-01; "
        "PARK organised the 1st Test Forum on 2024-03-01; Gull Chain is incubated by PARK.",
        "The Alpha Department is under the Testing Bureau; the Beta Department is under the "
        'Testing Bureau; the Beta Department met Gull Chain at the workshop "Ledgers" on '
        "2025-06-01.",
        "The Alpha Department is under the Testing Bureau; the Beta Department is under the "
        "Testing Bureau; the Beta Department needs Blockchain (Trace records on a ledger); "
        "Gull Chain offers Blockchain.",
    ]


def test_roles_pilots_and_membership() -> None:
    # d3 → e1: d3 met d2 at the workshop (d2 as host is a meeting, roles aside), and d2
    # trialled Eagle Vision's solution.
    assert _explained("department:d3", "enterprise:e1", 1, LinkFilter(CONTACT_TYPES)) == [
        'The Gamma Department met the Beta Department at the workshop "Ledgers" on '
        "2025-06-01; the Beta Department trialled a solution from Eagle Vision (Drone survey "
        "trial) on 2023-05-10."
    ]
    assert _explained("partner:p2", "event:ev1", 1) == [
        "Falcon AI is a member of PC; Falcon AI attended the 1st Test Forum as a speaker on "
        "2024-03-01."
    ]


def test_display_names_on_the_seed() -> None:
    names = {node.id: display_name(node) for node in seed().nodes}
    assert names["department:bd"] == "the Buildings Department"
    assert names["department:investhk"] == "Invest Hong Kong"
    assert names["partner:hkstp"] == "HKSTP"
    assert names["partner:smart-lab"] == "the Smart Government Innovation Lab"
    assert names["event:tf-19"] == "the 19th Technology Forum"
    assert names["event:s-11"] == 'the workshop "Chatbot in Public Services"'
    assert names["enterprise:s-0001"] == next(
        node.name_en for node in seed().nodes if node.id == "enterprise:s-0001"
    )
