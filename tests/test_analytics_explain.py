"""One-line explanations of paths on the hand-made fixture."""

from __future__ import annotations

from graph_api.analytics.explain import display_name, explain_path
from graph_api.analytics.filters import CONTACT_TYPES, EVERY_LINK, LinkFilter
from graph_api.analytics.paths import collaboration_paths
from graph_api.analytics.projection import build_projection
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
        "The Alpha Department met Falcon AI at the 1st Test Forum on 2024-03-01 (sample "
        'data); Falcon AI met Gull Chain at the workshop "Ledgers" on 2025-06-01 (sample data).'
    ]


def test_every_other_link_reads_subject_first() -> None:
    assert _explained("department:d1", "enterprise:e3", 3) == [
        "The Alpha Department attended the 1st Test Forum on 2024-03-01 (sample data); "
        "PARK organised the 1st Test Forum on 2024-03-01 (sample data); Gull Chain is "
        "incubated by PARK (sample data).",
        "The Alpha Department is under the Testing Bureau (sample data); the Beta Department "
        "is under the Testing Bureau (sample data); the Beta Department met Gull Chain at the "
        'workshop "Ledgers" on 2025-06-01 (sample data).',
        "The Alpha Department is under the Testing Bureau (sample data); the Beta Department "
        "is under the Testing Bureau (sample data); the Beta Department needs Blockchain "
        "(Trace records on a ledger) (sample data); Gull Chain offers Blockchain (sample data).",
    ]


def test_roles_pilots_and_membership() -> None:
    # d3 → e1: d3 met d2 at the workshop (d2 as host is a meeting, roles aside), and d2
    # trialled Eagle Vision's solution.
    assert _explained("department:d3", "enterprise:e1", 1, LinkFilter(CONTACT_TYPES)) == [
        'The Gamma Department met the Beta Department at the workshop "Ledgers" on '
        "2025-06-01 (sample data); the Beta Department trialled a solution from Eagle Vision "
        "(Drone survey trial) on 2023-05-10 (sample data)."
    ]
    assert _explained("partner:p2", "event:ev1", 1) == [
        "Falcon AI is a member of PC (sample data); Falcon AI attended the 1st Test Forum as a "
        "speaker on 2024-03-01 (sample data)."
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


def test_only_the_invented_steps_of_a_path_say_so() -> None:
    # On the seed data the organisation chart is real and the attendances are sample data.
    projection = build_projection(seed().nodes, seed().links)
    answer = collaboration_paths(
        projection, "department:bd", "department:landsd", EVERY_LINK, k=3, max_hops=4
    )
    assert [explain_path(projection, path) for path in answer.paths] == [
        "The Buildings Department is under the Development Bureau; the Lands Department is "
        "under the Development Bureau.",
        "The Buildings Department met the Lands Department at the 5th Technology Forum on "
        "2020-08-17 (sample data).",
        "The Buildings Department met the Lands Department at the 7th Technology Forum on "
        "2021-03-10 (sample data).",
    ]


def test_a_meeting_says_its_size_its_strength_and_who_took_part_actively() -> None:
    # At the 1st Test Forum (3 parties) Eagle Vision exhibited and Falcon AI spoke: each
    # active part makes the meeting half as strong again, 1/2 x 1.5 x 1.5.
    projection = fixture_projection()
    attended = LinkFilter(types=frozenset({RelType.ATTENDED}))
    [path] = collaboration_paths(
        projection, "enterprise:e1", "enterprise:e2", attended, k=1, max_hops=2
    ).paths
    assert explain_path(projection, path, {"event:ev1": 3}) == (
        "Eagle Vision met Falcon AI at the 1st Test Forum (3 parties, strength 1.1: Eagle "
        "Vision exhibited and Falcon AI spoke) on 2024-03-01 (sample data)."
    )
    # Without the event's size, no weight is claimed.
    assert explain_path(projection, path) == (
        "Eagle Vision met Falcon AI at the 1st Test Forum on 2024-03-01 (sample data)."
    )
