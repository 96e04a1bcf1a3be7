"""The sample events: Technology Forums between the real ones, thematic sessions, workshops."""

from __future__ import annotations

import datetime as dt

from graph_api.domain import EventType, NodeKind, RelType
from graph_api.generate.builder import (
    FIRST_DAY,
    LAST_DAY,
    LATE_TECHNOLOGIES,
    VENUES,
    Builder,
    Enterprise,
    Event,
)

EVENT_DESCRIPTION = "Sample event (invented for demonstration)"
# fmt: off
# (theme, Chinese theme, technologies it is about, earliest year it makes sense)
_THEMES: tuple[tuple[str, str, tuple[str, ...], int], ...] = (
    ("AI for Better Public Services", "人工智能提升公共服務",
     ("ai", "computer-vision", "nlp"), 2019),
    ("Generative AI in Government", "生成式人工智能在政府的應用",
     ("generative-ai", "llm", "chatbot"), 2023),
    ("Smart Mobility and Traffic Management", "智慧出行與交通管理",
     ("computer-vision", "iot", "big-data-analytics"), 2019),
    ("Robotics for Frontline Operations", "機械人技術支援前線工作",
     ("robotics", "service-robotics", "drones"), 2019),
    ("Spatial Data and Digital Twins", "空間數據與數碼孿生", ("gis", "bim", "digital-twin"), 2019),
    ("Cybersecurity and Cloud for Digital Government", "數碼政府的網絡安全與雲端",
     ("cybersecurity", "cloud-computing"), 2019),
    ("Data-driven City Management", "數據驅動的城市管理",
     ("big-data-analytics", "open-data", "sensors"), 2019),
    ("Automating Back-office Work", "後勤工作自動化", ("rpa", "nlp", "chatbot"), 2019),
    ("Blockchain for Trusted Records", "區塊鏈與可信記錄", ("blockchain",), 2019),
    ("Smart Buildings and Facilities", "智慧建築與設施管理", ("iot", "sensors", "bim"), 2019),
    ("Drones and Remote Sensing", "無人機與遙距感測", ("drones", "computer-vision"), 2019),
)
# fmt: on


def _ordinal(number: int) -> str:
    suffix = (
        "th" if 11 <= number % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    )
    return f"{number}{suffix}"


def make_events(
    builder: Builder, count: int, needs: list[tuple[str, str, str]], firms: list[Enterprise]
) -> list[Event]:
    """Invent ``count`` events with their organisers, in date order with ids to match."""
    rng = builder.rng
    forums = min(16, max(1, round(count * 0.3)))
    thematic = max(1, round(count * 0.2))
    themes = [theme for theme in _THEMES if any(builder.tech(slug) for slug in theme[2])]
    used_themes: set[str] = set()

    def theme_for(day: dt.date) -> tuple[str, str, tuple[str, ...], int]:
        fitting = [theme for theme in themes if theme[3] <= day.year]
        fresh = [theme for theme in fitting if theme[0] not in used_themes]
        chosen = rng.choice(fresh or fitting)
        used_themes.add(chosen[0])
        return chosen

    tf2 = builder.nodes["event:tf-2"].properties["date"]
    tf19 = builder.nodes["event:tf-19"].properties["date"]
    made: list[Event] = []
    for number in sorted(rng.sample(range(3, 19), forums)):
        day = tf2 + dt.timedelta(days=round((number - 2) / 17 * (tf19 - tf2).days))
        day += dt.timedelta(days=rng.randint(-15, 15))
        theme, theme_zh, slugs, _ = theme_for(day)
        venue = rng.choice(VENUES[:2])
        node = {
            "name_en": f"{_ordinal(number)} Technology Forum",
            "name_zh": f"第{number}屆技術論壇",
            "description": f"{EVENT_DESCRIPTION}; the real date and theme of this forum are not "
            "in the sources consulted.",
            "event_type": EventType.TECHNOLOGY_FORUM.value,
            "number": number,
            "theme": theme,
            "venue": venue[0],
        }
        made.append(Event("", day, "forum", slugs, node))
    for _ in range(thematic):
        day = builder.day(FIRST_DAY, LAST_DAY)
        theme, theme_zh, slugs, _ = theme_for(day)
        node = {
            "name_en": f"Thematic Session: {theme}",
            "name_zh": f"專題分享會：{theme_zh}",
            "description": EVENT_DESCRIPTION,
            "event_type": EventType.THEMATIC_SESSION.value,
            "theme": theme,
            "venue": rng.choice(VENUES)[0],
        }
        made.append(Event("", day, "thematic", slugs, node))
    offered = {slug for firm in firms for slug in firm.offers}
    demand: dict[str, int] = {}
    for _, slug, _ in needs:
        if slug in offered:
            demand[slug] = demand.get(slug, 0) + 1
    topics_used: set[str] = set()
    for _ in range(max(1, count - forums - thematic)):
        day = builder.day(FIRST_DAY, LAST_DAY)
        topics = [slug for slug in sorted(demand) if LATE_TECHNOLOGIES.get(slug, 0) <= day.year]
        fresh = [slug for slug in topics if slug not in topics_used] or topics
        slug = builder.pick(fresh, [float(demand[slug]) for slug in fresh], 1)[0]
        topics_used.add(slug)
        tech = builder.nodes[f"technology:{slug}"]
        node = {
            "name_en": f"Workshop: {tech.name_en} in Public Services",
            "name_zh": f"工作坊：{tech.name_zh or tech.name_en}在公共服務的應用",
            "description": EVENT_DESCRIPTION,
            "event_type": EventType.WORKSHOP.value,
            "theme": tech.name_en,
            "venue": rng.choices(VENUES, (30, 30, 40))[0][0],
        }
        made.append(Event("", day, "workshop", (slug,), node))
    made.sort(key=lambda event: (event.date, event.node["name_en"]))
    for index, event in enumerate(made, start=1):
        event.id = f"event:s-{index:02d}"
        event.node = {
            "id": event.id,
            "kind": NodeKind.EVENT.value,
            **event.node,
            "date": event.date.isoformat(),
            "source": builder.source,
            "sample": True,
        }
        builder.link(RelType.ORGANISED, "partner:smart-lab", event.id, date=event.date)
        if event.kind == "forum":
            partner = dict(VENUES)[event.node["venue"]]
            builder.link(RelType.CO_ORGANISED, partner, event.id, date=event.date)
    return made
