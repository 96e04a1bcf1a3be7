"""Every way to ask an analytics question wrongly gives BAD_USER_INPUT or NOT_FOUND, with
a message that names the allowed values (on both stores)."""

from __future__ import annotations

import httpx
import pytest

from tests.gql_client import error_codes, gql

pytestmark = pytest.mark.neo4j

BD, HKSTP = '"department:bd"', '"partner:hkstp"'
PATHS = "{ collaborationPaths(from: %s, to: %s%s) { reason } }"


def _paths(source: str = BD, target: str = HKSTP, extra: str = "") -> str:
    return PATHS % (source, target, f", {extra}" if extra else "")


CASES = [
    (_paths(extra="maxHops: 7"), "BAD_USER_INPUT", "'maxHops' must be between 1 and 6; it was 7"),
    (_paths(extra="maxHops: 0"), "BAD_USER_INPUT", "'maxHops' must be between 1 and 6"),
    (_paths(extra="k: 11"), "BAD_USER_INPUT", "'k' must be between 1 and 10; it was 11"),
    (_paths(extra="k: 0"), "BAD_USER_INPUT", "'k' must be between 1 and 10"),
    (_paths(target=BD), "BAD_USER_INPUT", "'from' and 'to' must be different"),
    (
        _paths(extra="via: []"),
        "BAD_USER_INPUT",
        "'via' must name at least one relationship type (PART_OF, ORGANISED, CO_ORGANISED, "
        "ATTENDED, OFFERS, NEEDS, PILOTED, INCUBATED_BY, MEMBER_OF, REPRESENTS, SUCCEEDED_BY",
    ),
    (
        _paths(extra='between: {from: "2025-01-01", to: "2024-01-01"}'),
        "BAD_USER_INPUT",
        "'between.from' (2025-01-01) must not be after 'between.to' (2024-01-01)",
    ),
    (_paths(extra=f"exclude: [{BD}]"), "BAD_USER_INPUT", "'exclude' must not name 'from' or 'to'"),
    (_paths(source='"department:nope"'), "NOT_FOUND", "No entity has id 'department:nope'"),
    (_paths(extra='exclude: ["event:nope"]'), "NOT_FOUND", "No entity has id 'event:nope'"),
    (
        '{ whoMet(party: "department:dpo", first: 101) { totalCount } }',
        "BAD_USER_INPUT",
        "'first' must be between 0 and 100; it was 101",
    ),
    (
        '{ whoMet(party: "department:dpo", with: TECHNOLOGY) { totalCount } }',
        "BAD_USER_INPUT",
        "'with' may only name BUREAU, DEPARTMENT, PARTNER_BODY, ENTERPRISE",
    ),
    (
        '{ whoMet(party: "technology:ai") { totalCount } }',
        "NOT_FOUND",
        "No Bureau, Department, PartnerBody or Enterprise has id 'technology:ai': that id "
        "is of kind Technology",
    ),
    (
        '{ whoMet(party: "department:dpo", events: ["department:bd"]) { totalCount } }',
        "NOT_FOUND",
        "No Event has id 'department:bd'",
    ),
    (
        f"{{ meetings(a: {BD}, b: {BD}) {{ date }} }}",
        "BAD_USER_INPUT",
        "'a' and 'b' must be different parties",
    ),
    (
        "{ unmetNeeds(candidates: 11) { totalCount } }",
        "BAD_USER_INPUT",
        "'candidates' must be between 0 and 10",
    ),
    (
        '{ unmetNeeds(department: "enterprise:s-0001") { totalCount } }',
        "NOT_FOUND",
        "No Department has id 'enterprise:s-0001'",
    ),
    (
        "{ technologyCoverage(first: -1) { totalCount } }",
        "BAD_USER_INPUT",
        "'first' must be between 0 and 100",
    ),
    (
        '{ unreachedDepartments(between: {from: "2025-02-01", to: "2025-01-01"}) '
        "{ departments { lastEventDate } } }",
        "BAD_USER_INPUT",
        "must not be after",
    ),
    (
        f"{{ partnerBodyCoverage(partnerBodies: [{BD}]) {{ enterpriseCount }} }}",
        "NOT_FOUND",
        "No PartnerBody has id 'department:bd'",
    ),
    (
        '{ recommendMatches(department: "department:nope") { totalCount } }',
        "NOT_FOUND",
        "No Department has id 'department:nope'",
    ),
    (
        f"{{ recommendMatches(department: {BD}, first: 101) {{ totalCount }} }}",
        "BAD_USER_INPUT",
        "'first' must be between 0 and 100",
    ),
    (
        "{ brokers(kind: TECHNOLOGY) { totalCount } }",
        "BAD_USER_INPUT",
        "'kind' may only name BUREAU, DEPARTMENT, PARTNER_BODY, ENTERPRISE, EVENT",
    ),
    (
        "{ communities(first: 101) { totalCount } }",
        "BAD_USER_INPUT",
        "'first' must be between 0 and 100",
    ),
]


@pytest.mark.parametrize(("query", "code", "message"), CASES, ids=lambda v: str(v)[:40])
async def test_wrong_arguments(api: httpx.AsyncClient, query: str, code: str, message: str) -> None:
    body = await gql(api, query)
    assert not any((body["data"] or {}).values())
    assert error_codes(body) == [code]
    assert message in body["errors"][0]["message"]


async def test_no_path_is_an_answer_not_an_error(api: httpx.AsyncClient) -> None:
    body = await gql(api, _paths(extra="via: [OFFERS]"))
    assert "errors" not in body
    assert body["data"]["collaborationPaths"]["reason"] == (
        "no connection within 4 hops using OFFERS"
    )
