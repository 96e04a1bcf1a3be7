"""The sample enterprises: origin, size, founding year, what they offer, whom they belong to."""

from __future__ import annotations

from typing import Any

from graph_api.domain import EnterpriseSize, NodeKind, Origin, RelType
from graph_api.generate.builder import VENUES, Builder, Enterprise
from graph_api.generate.names import enterprise_name

SAMPLE_DESCRIPTION = "Sample enterprise (invented for demonstration)"
# fmt: off
# How often enterprises offer each technology; a technology missing here is offered by nobody.
_OFFER_WEIGHTS: dict[str, int] = {
    "computer-vision": 12, "iot": 9, "ai": 8, "big-data-analytics": 7, "sensors": 6,
    "generative-ai": 5, "cybersecurity": 5, "llm": 4, "chatbot": 4, "cloud-computing": 4,
    "biometrics": 3, "nlp": 3, "blockchain": 3, "rpa": 3, "drones": 3, "gis": 3, "digital-twin": 3,
    "bim": 2, "ar-vr": 2, "networking": 2, "service-robotics": 2, "robotics": 2, "open-data": 1,
    "smart-lampposts": 1,
}
# fmt: on
_SIZE_WEIGHTS: dict[Origin, tuple[float, float, float]] = {  # STARTUP, SME, LARGE
    Origin.HONG_KONG: (0.5, 0.4, 0.1),
    Origin.MAINLAND: (0.25, 0.4, 0.35),
    Origin.OVERSEAS: (0.3, 0.4, 0.3),
}
_FOUNDED_YEARS = {
    EnterpriseSize.STARTUP: (2012, 2023),
    EnterpriseSize.SME: (1998, 2018),
    EnterpriseSize.LARGE: (1985, 2012),
}
_AFFILIATION_CHANCE = {
    EnterpriseSize.STARTUP: 0.85,
    EnterpriseSize.SME: 0.6,
    EnterpriseSize.LARGE: 0.4,
}
_ACTIVITY = {EnterpriseSize.STARTUP: 0.8, EnterpriseSize.SME: 1.0, EnterpriseSize.LARGE: 1.5}


def make_enterprises(builder: Builder, count: int) -> list[Enterprise]:
    """Invent ``count`` enterprises, linking each to what it offers and whom it belongs to."""
    rng = builder.rng
    offerable = [slug for slug in sorted(_OFFER_WEIGHTS) if builder.tech(slug) is not None]
    offer_weights = [float(_OFFER_WEIGHTS[slug]) for slug in offerable]
    mainland = round(count * 0.3)
    hong_kong = round(count * 0.5)
    origins = [Origin.HONG_KONG] * hong_kong + [Origin.MAINLAND] * mainland
    origins += [Origin.OVERSEAS] * (count - hong_kong - mainland)
    rng.shuffle(origins)
    sizes = list(EnterpriseSize)
    used: set[str] = set()
    firms: list[Enterprise] = []
    for number, origin in enumerate(origins, start=1):
        size = rng.choices(sizes, weights=_SIZE_WEIGHTS[origin])[0]
        offers = builder.pick(offerable, offer_weights, rng.choices((1, 2, 3), (45, 35, 20))[0])
        name_en, name_zh = enterprise_name(rng, origin, offers[0], used)
        firm = Enterprise(
            id=f"enterprise:s-{number:04d}",
            name_en=name_en,
            name_zh=name_zh,
            origin=origin,
            size=size,
            founded=rng.randint(*_FOUNDED_YEARS[size]),
            offers=offers,
            activity=(0.5 + rng.random()) * _ACTIVITY[size],
        )
        if rng.random() < _AFFILIATION_CHANCE[size]:
            if size is EnterpriseSize.STARTUP:
                partner = rng.choices(("partner:hkstp", "partner:cyberport"), (55, 45))[0]
                firm.affiliation = (RelType.INCUBATED_BY, partner)
            else:
                partner = rng.choices([v[1] for v in VENUES], (35, 40, 25))[0]
                firm.affiliation = (RelType.MEMBER_OF, partner)
            firm.activity *= 1.4
            builder.link(firm.affiliation[0], firm.id, firm.affiliation[1])
        for slug in offers:
            builder.link(RelType.OFFERS, firm.id, f"technology:{slug}")
        firms.append(firm)
    return firms


def enterprise_node(builder: Builder, firm: Enterprise) -> dict[str, Any]:
    """The seed file node for an invented enterprise."""
    return {
        "id": firm.id,
        "kind": NodeKind.ENTERPRISE.value,
        "name_en": firm.name_en,
        "name_zh": firm.name_zh,
        "description": SAMPLE_DESCRIPTION,
        "origin": firm.origin.value,
        "size": firm.size.value,
        "founded": str(firm.founded),
        "source": builder.source,
        "sample": True,
    }
