"""Generate the invented sample collaboration data from the real seeds, deterministically.

The sample adds enterprises, workshops and forums, and who attended, offered, needed and
piloted what, around the real bureaux, departments, partner bodies, technologies and
Technology Forums. Everything it writes is marked ``"sample": true``. The same seed and
real seeds always give byte-identical output::

    python -m graph_api.generate --seed 2019 > seeds/sample-collaboration.json
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graph_api.model import (
    AttendanceRole,
    EnterpriseSize,
    EventType,
    NodeKind,
    NodeRecord,
    Origin,
    RelType,
)
from graph_api.seeds import SeedSet, default_seed_paths, load_seed_files, parse_seed_documents

SAMPLE_FILE_NAME = "sample-collaboration.json"
SAMPLE_DESCRIPTION = "Sample enterprise (invented for demonstration)"
EVENT_DESCRIPTION = "Sample event (invented for demonstration)"
DPO_START = dt.date(2024, 7, 25)  # OGCIO and EffO merged into DPO
FIRST_DAY = dt.date(2019, 7, 1)
LAST_DAY = dt.date(2025, 6, 30)
LAST_PILOT_DAY = dt.date(2025, 12, 31)
MIN_ENTERPRISES = 40
MIN_EVENTS = 3
TF19_MAINLAND_EXHIBITORS = 12  # the 19th forum article: "12 Mainland I&T enterprises"
UNREACHED_DEPARTMENTS = 6
PILOTS = 15
NEEDS_TARGET = 80

# fmt: off
# How often enterprises offer each technology; a technology missing here is offered by nobody.
_OFFER_WEIGHTS: dict[str, int] = {
    "computer-vision": 12, "iot": 9, "ai": 8, "big-data-analytics": 7, "sensors": 6,
    "generative-ai": 5, "cybersecurity": 5, "llm": 4, "chatbot": 4, "cloud-computing": 4,
    "biometrics": 3, "nlp": 3, "blockchain": 3, "rpa": 3, "drones": 3, "gis": 3, "digital-twin": 3,
    "bim": 2, "ar-vr": 2, "networking": 2, "service-robotics": 2, "robotics": 2, "open-data": 1,
    "smart-lampposts": 1,
}
# Needed by departments but offered by no enterprise: the "demand with no supply" gaps.
_UNSUPPLIED = ("data-governance", "industrial-robotics", "5g", "digital-identity")
# Words for enterprise names, by the first technology an enterprise offers.
_NAME_WORDS: dict[str, tuple[str, str]] = {
    "ai": ("Intelligence", "智能"), "generative-ai": ("Generative", "生成"),
    "llm": ("Lingua", "語言"), "computer-vision": ("Vision", "視覺"),
    "biometrics": ("Biometric", "生物識別"), "nlp": ("Language", "語言"),
    "chatbot": ("Chat", "對話"), "big-data-analytics": ("Data", "數據"),
    "open-data": ("Open Data", "開放數據"), "blockchain": ("Chain", "鏈"), "iot": ("IoT", "物聯"),
    "sensors": ("Sensing", "感知"), "smart-lampposts": ("Streetlight", "街燈"),
    "cloud-computing": ("Cloud", "雲"), "cybersecurity": ("Secure", "安全"),
    "robotics": ("Robotics", "機械人"), "rpa": ("Automation", "自動化"),
    "service-robotics": ("Robotics", "機械人"), "drones": ("Aero", "航空"), "gis": ("Geo", "地理"),
    "bim": ("Build", "建築"), "digital-twin": ("Twin", "孿生"), "networking": ("Networks", "網絡"),
    "ar-vr": ("Reality", "實境"),
}
_HK_STEMS = (
    ("Harbourlight", "港光"), ("Lionrock", "獅石"), ("Jadewave", "玉浪"), ("Peakstone", "峰石"),
    ("Bauhinia Arc", "紫荊弧"), ("Tidewell", "潮匯"), ("Silvermine", "銀礦"),
    ("Lantern Bay", "燈灣"), ("Crescent Isle", "月島"), ("Junkboat", "帆舟"), ("Kitehawk", "鳶鷹"),
    ("Skyrail", "天軌"), ("Seabridge", "海橋"), ("Sampan", "舢舨"), ("Moonpier", "月碼頭"),
    ("Pearlgate", "珠門"), ("Brightharbour", "明港"), ("Cloudpeak", "雲峰"),
)
_MAINLAND_STEMS = (
    ("Lanxin", "藍芯"), ("Qingyun", "青雲"), ("Zhiyuan", "智遠"), ("Haoran", "浩然"),
    ("Xinghe", "星河"), ("Ruijie", "睿捷"), ("Tianheng", "天衡"), ("Mingjing", "明鏡"),
    ("Yunfan", "雲帆"), ("Jinlan", "金瀾"), ("Boyan", "博衍"), ("Chenxi", "晨曦"),
    ("Lingxi", "靈犀"), ("Qihang", "啟航"),
)
_MAINLAND_CITIES = (
    ("Shenzhen", "深圳"), ("Hangzhou", "杭州"), ("Beijing", "北京"), ("Shanghai", "上海"),
    ("Guangzhou", "廣州"), ("Chengdu", "成都"), ("Wuhan", "武漢"), ("Suzhou", "蘇州"),
    ("Hefei", "合肥"), ("Xi'an", "西安"), ("Nanjing", "南京"), ("Dongguan", "東莞"),
)
_OVERSEAS_STEMS = (
    ("Nordvik", "諾維克"), ("Kestrel", "紅隼"), ("Arborline", "雅博"), ("Solenne", "索蘭"),
    ("Veridian", "維瑞"), ("Quillon", "奎倫"), ("Halden", "霍爾登"), ("Marisol", "瑪麗索"),
    ("Tessaly", "泰薩利"), ("Brightwater", "明水"), ("Oakhurst", "橡林"), ("Corvina", "科維納"),
)
_OVERSEAS_FORMS = (
    ("Pte. Ltd.", "私人有限公司"), ("GmbH", "有限公司"), ("Inc.", "公司"), ("Ltd", "有限公司"),
    ("B.V.", "有限公司"), ("AB", "有限公司"),
)
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
# Departments that turn up to technology events more often than most.
# fmt: off
_KEEN = frozenset({
    "afcd", "archsd", "bd", "cedd", "ced", "dpo", "dsd", "emsd", "epd", "fehd", "fsd", "hd", "hko",
    "hkpf", "hyd", "immd", "landsd", "lcsd", "ogcio", "pland", "swd", "td", "wsd",
})
# fmt: on
_VENUES = (
    ("Cyberport", "partner:cyberport"),
    ("Hong Kong Science Park", "partner:hkstp"),
    ("HKPC Building", "partner:hkpc"),
)
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
_LATE_TECHNOLOGIES = {"generative-ai": 2023, "llm": 2023}  # no workshop on these before then
# (department, technology, the business need): curated so the sample needs read sensibly.
_NEEDS: tuple[tuple[str, str, str], ...] = (
    ("bd", "computer-vision",
     "Detect unauthorised building works from aerial and street-level imagery"),
    ("landsd", "computer-vision",
     "Detect illegal structures on government land from aerial imagery"),
    ("fehd", "computer-vision", "Spot street litter and illegal dumping in CCTV footage"),
    ("td", "computer-vision", "Count vehicles and pedestrians at junctions from traffic cameras"),
    ("hyd", "computer-vision", "Find potholes and road defects from vehicle-mounted cameras"),
    ("lcsd", "computer-vision", "Monitor crowd levels at leisure venues from video feeds"),
    ("afcd", "computer-vision", "Identify wildlife species in camera-trap photos"),
    ("epd", "computer-vision", "Recognise smoky vehicles in roadside camera images"),
    ("dsd", "computer-vision", "Find cracks in sewers from CCTV survey video"),
    ("immd", "biometrics",
     "Speed up identity checks at control points with contactless biometrics"),
    ("csd", "biometrics", "Verify visitors' identity at institution gates"),
    ("ird", "ai", "Route incoming tax enquiries to the right team automatically"),
    ("censtatd", "ai", "Code free-text survey answers into statistical classifications"),
    ("hko", "ai", "Improve short-range rainstorm nowcasting with machine learning"),
    ("emsd", "ai", "Predict equipment failures in government buildings from maintenance logs"),
    ("wsd", "ai", "Predict water main bursts from pipe condition and pressure data"),
    ("hkpf", "ai", "Triage public reports of crime and lost property faster"),
    ("isd", "generative-ai", "Draft first versions of press releases in English and Chinese"),
    ("dpo", "generative-ai", "Give civil servants a secure generative AI assistant for drafting"),
    ("ugcs", "generative-ai", "Summarise long consultation submissions"),
    ("ipd", "generative-ai", "Summarise trade mark and patent search results"),
    ("lad", "generative-ai", "Summarise case files for legal aid applications"),
    ("dpo", "llm", "Host a large language model on the government cloud for internal use"),
    ("doj", "llm", "Search and summarise legislation and case law in English and Chinese"),
    ("icac", "llm", "Sift large document collections during investigations"),
    ("effo", "nlp", "Analyse 1823 call-centre enquiries to spot emerging complaints"),
    ("omb", "nlp", "Classify complaints by department and subject automatically"),
    ("rthk", "nlp", "Generate Cantonese subtitles for archived programmes"),
    ("swd", "chatbot", "Answer common questions about social security schemes round the clock"),
    ("immd", "chatbot", "Answer visa and travel document enquiries online"),
    ("ld", "chatbot", "Answer enquiries about the Employment Ordinance"),
    ("wfsfaa", "chatbot", "Guide applicants through student financial assistance schemes"),
    ("hd", "chatbot", "Answer public housing tenants' enquiries on repairs and rent"),
    ("po", "chatbot", "Track parcels and answer postal enquiries by chat"),
    ("td", "big-data-analytics", "Combine traffic detector and GPS data to forecast congestion"),
    ("censtatd", "big-data-analytics",
     "Produce faster economic indicators from administrative data"),
    ("tid", "big-data-analytics", "Analyse trade declaration data for market trends"),
    ("investhk", "big-data-analytics", "Find overseas companies likely to set up in Hong Kong"),
    ("dh", "big-data-analytics", "Follow disease trends in clinic and laboratory records"),
    ("epd", "big-data-analytics", "Locate pollution hot spots from air quality data"),
    ("dpo", "open-data", "Publish more real-time datasets through easy-to-use APIs"),
    ("pland", "open-data", "Share planning data with the public in machine-readable form"),
    ("dpo", "data-governance", "Set up a data catalogue and data-sharing rules across departments"),
    ("censtatd", "data-governance", "Track the lineage and quality of statistical datasets"),
    ("hd", "data-governance", "Keep tenant data consistent across housing systems"),
    ("aud", "data-governance", "Check the quality of departments' data during audits"),
    ("cr", "blockchain", "Keep a tamper-evident record of company filings"),
    ("ipd", "blockchain", "Time-stamp registered designs and trade marks on a shared ledger"),
    ("tid", "blockchain", "Issue certificates of origin that traders can verify"),
    ("lr", "blockchain", "Record land transactions on a tamper-evident ledger"),
    ("emsd", "iot", "Monitor lifts and escalators in government buildings remotely"),
    ("archsd", "iot", "Monitor the energy use of public buildings in real time"),
    ("wsd", "iot", "Read water meters remotely with smart meters"),
    ("hd", "iot", "Monitor estate facilities in public housing remotely"),
    ("gpa", "iot", "Track the occupancy of government office space"),
    ("dsd", "sensors", "Measure water levels in drains and rivers to warn of flooding"),
    ("epd", "sensors", "Measure roadside air quality at street level with low-cost sensors"),
    ("hko", "sensors", "Collect weather data from a dense network of low-cost sensors"),
    ("cedd", "sensors", "Monitor slope movement and landslide risk"),
    ("fehd", "sensors", "Detect rodent activity in back lanes"),
    ("hyd", "smart-lampposts", "Extend the multi-functional smart lamppost network"),
    ("dpo", "cloud-computing", "Expand the government private cloud platform"),
    ("gld", "cloud-computing", "Move the procurement system to a cloud platform"),
    ("try", "cloud-computing", "Run payment systems on resilient cloud infrastructure"),
    ("dpo", "cybersecurity", "Detect cyber attacks on government systems earlier"),
    ("hkpf", "cybersecurity", "Investigate cybercrime with digital forensics tools"),
    ("ofca", "cybersecurity", "Check the security of public Wi-Fi hotspots"),
    ("hkma", "cybersecurity", "Test the cyber resilience of banks' systems"),
    ("fehd", "robotics", "Clean public toilets and markets with robots"),
    ("lcsd", "robotics", "Return and sort library books with robots"),
    ("cedd", "industrial-robotics", "Automate repetitive construction tasks on site with robots"),
    ("wsd", "industrial-robotics", "Inspect the inside of water mains with pipe robots"),
    ("dsd", "industrial-robotics", "Clean screens at sewage treatment works automatically"),
    ("emsd", "industrial-robotics", "Automate routine plant-room inspections"),
    ("hd", "service-robotics", "Disinfect common areas of public housing estates with robots"),
    ("swd", "service-robotics", "Use companion robots in residential care homes for the elderly"),
    ("ird", "rpa", "Automate data entry from paper tax returns"),
    ("try", "rpa", "Automate the matching of payments and invoices"),
    ("swd", "rpa", "Automate eligibility checks for social security applications"),
    ("ld", "rpa", "Automate the processing of employees' compensation forms"),
    ("rvd", "rpa", "Automate the processing of rates and rent assessments"),
    ("oro", "rpa", "Automate routine steps in bankruptcy case handling"),
    ("landsd", "drones", "Survey remote land with drones"),
    ("gfs", "drones", "Use drones for search and rescue in country parks"),
    ("afcd", "drones", "Patrol country parks and marine parks with drones"),
    ("cedd", "drones", "Inspect slopes and seawalls with drones"),
    ("fsd", "drones", "See inside burning buildings with drones"),
    ("pland", "gis", "Overlay planning data on a common 3D map"),
    ("landsd", "gis", "Keep the common spatial data infrastructure up to date"),
    ("had", "gis", "Map district facilities and community services"),
    ("fsd", "gis", "Plan ambulance cover with travel-time maps"),
    ("archsd", "bim", "Use BIM across the life cycle of public buildings"),
    ("bd", "bim", "Check building plan submissions against BIM models"),
    ("hd", "bim", "Manage public housing maintenance with BIM"),
    ("pland", "digital-twin", "Build a digital twin of new development areas"),
    ("dsd", "digital-twin", "Model the drainage network as a digital twin for flood planning"),
    ("emsd", "digital-twin", "Run a digital twin of government buildings to save energy"),
    ("ofca", "5g", "Trial 5G small cells on street furniture"),
    ("md", "5g", "Provide 5G coverage for vessel traffic monitoring in Hong Kong waters"),
    ("hkpf", "5g", "Stream live video from the field over 5G"),
    ("dpo", "networking", "Extend free public Wi-Fi to more government venues"),
    ("fsd", "ar-vr", "Train firefighters with virtual reality scenarios"),
    ("lcsd", "ar-vr", "Offer augmented reality guided tours in museums"),
    ("ams", "ar-vr", "Train volunteers in first aid with virtual reality"),
    ("csd", "ar-vr", "Train officers in emergency response with virtual reality"),
    ("immd", "digital-identity", "Let residents use iAM Smart for more online services"),
    ("ird", "digital-identity", "Let taxpayers log in and sign returns with iAM Smart"),
    ("reo", "digital-identity",
     "Let voters check their registration details with a digital identity"),
    ("lr", "digital-identity", "Authenticate users of online land searches with iAM Smart"),
)
# fmt: on


@dataclass
class _Enterprise:
    id: str
    name_en: str
    name_zh: str
    origin: Origin
    size: EnterpriseSize
    founded: int
    offers: list[str]
    activity: float
    affiliation: tuple[RelType, str] | None = None


@dataclass
class _Event:
    id: str
    date: dt.date
    kind: str  # "forum", "thematic", "workshop", or "tf-1" / "tf-2" / "tf-19" for real ones
    technologies: tuple[str, ...]
    node: dict[str, Any] = field(default_factory=dict)


class _Builder:
    """Holds the random source, the real records and everything generated so far."""

    def __init__(self, real: SeedSet, seed: int) -> None:
        self.rng = random.Random(seed)  # noqa: S311 (sample data, not secrets)
        self.source = f"sample data generated by graph_api.generate (seed {seed})"
        self.nodes = {node.id: node for node in real.nodes if not node.sample}
        self.real_links = [link for link in real.links if not link.sample]
        self.taken = {(link.type, link.from_id, link.to_id) for link in self.real_links}
        self.links: list[dict[str, Any]] = []
        for required in ("partner:smart-lab", "event:tf-1", "event:tf-2", "event:tf-19"):
            if required not in self.nodes:
                raise ValueError(f"the real seeds lack {required}; load the real-*.json files")
        self.departments = self.ids(NodeKind.DEPARTMENT)

    def ids(self, kind: NodeKind) -> list[str]:
        """The ids of the real nodes of one kind, sorted."""
        return sorted(node.id for node in self.nodes.values() if node.kind == kind)

    def link(self, rel: RelType, from_id: str, to_id: str, **properties: Any) -> None:
        """Add a sample link unless a real or earlier sample link already joins the pair."""
        if (rel, from_id, to_id) in self.taken:
            return
        self.taken.add((rel, from_id, to_id))
        record: dict[str, Any] = {"type": rel.value, "from": from_id, "to": to_id}
        record.update({key: value for key, value in properties.items() if value is not None})
        if isinstance(record.get("date"), dt.date):
            record["date"] = record["date"].isoformat()
        record.update(source=self.source, sample=True)
        self.links.append(record)

    def pick(self, items: Sequence[str], weights: Sequence[float], count: int) -> list[str]:
        """A weighted sample without replacement (Efraimidis-Spirakis), most eager first."""
        keyed = sorted(
            (
                (self.rng.random() ** (1.0 / weight), item)
                for item, weight in zip(items, weights, strict=True)
                if weight > 0
            ),
            reverse=True,
        )
        return [item for _, item in keyed[:count]]

    def day(self, first: dt.date, last: dt.date) -> dt.date:
        """A random day from first to last inclusive."""
        return first + dt.timedelta(days=self.rng.randint(0, (last - first).days))

    def tech(self, slug: str) -> NodeRecord | None:
        """The real technology node for a slug such as ``ai``, if the seeds have it."""
        return self.nodes.get(f"technology:{slug}")


def generate_sample(
    real: SeedSet, *, seed: int = 2019, enterprises: int = 120, events: int = 14
) -> dict[str, Any]:
    """Build the sample data set around the real seeds, in the seed file format.

    Only ``random.Random(seed)`` is used and every collection is walked in sorted order,
    so the same seed and real seeds always give the same result.
    """
    if enterprises < MIN_ENTERPRISES:
        raise ValueError(f"enterprises must be at least {MIN_ENTERPRISES}, not {enterprises}")
    if events < MIN_EVENTS:
        raise ValueError(f"events must be at least {MIN_EVENTS}, not {events}")
    builder = _Builder(real, seed)
    firms = _make_enterprises(builder, enterprises)
    needs = _make_needs(builder)
    sample_events = _make_events(builder, events, needs, firms)
    attendance = _make_attendance(builder, firms, needs, sample_events)
    _make_pilots(builder, firms, needs, attendance)
    nodes = [_enterprise_node(builder, firm) for firm in firms]
    nodes += [event.node for event in sample_events]
    description = (
        f"Invented sample data for demonstration: {enterprises} enterprises, {events} events "
        "and how they link to the real departments, technologies, partner bodies and "
        "Technology Forums (including attendance at the real 1st, 2nd and 19th forums, whose "
        "attendee lists are not published). Nothing here is a real record. Regenerate with "
        f"`python -m graph_api.generate --seed {seed} > seeds/{SAMPLE_FILE_NAME}`; "
        "do not edit by hand."
    )
    return {
        "dataset": "sample-collaboration",
        "description": description,
        "sample": True,
        "nodes": nodes,
        "links": sorted(builder.links, key=lambda link: (link["type"], link["from"], link["to"])),
    }


def to_json(document: dict[str, Any]) -> str:
    """The seed file text for a document: sorted keys, UTF-8 characters kept, newline-ended."""
    return json.dumps(document, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def real_seed_paths() -> list[Path]:
    """The real (non-sample) seed files: ``seeds/real-*.json``."""
    return [path for path in default_seed_paths() if path.name.startswith("real-")]


def _make_enterprises(builder: _Builder, count: int) -> list[_Enterprise]:
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
    firms: list[_Enterprise] = []
    for number, origin in enumerate(origins, start=1):
        size = rng.choices(sizes, weights=_SIZE_WEIGHTS[origin])[0]
        offers = builder.pick(offerable, offer_weights, rng.choices((1, 2, 3), (45, 35, 20))[0])
        name_en, name_zh = _enterprise_name(rng, origin, offers[0], used)
        firm = _Enterprise(
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
                partner = rng.choices([v[1] for v in _VENUES], (35, 40, 25))[0]
                firm.affiliation = (RelType.MEMBER_OF, partner)
            firm.activity *= 1.4
            builder.link(firm.affiliation[0], firm.id, firm.affiliation[1])
        for slug in offers:
            builder.link(RelType.OFFERS, firm.id, f"technology:{slug}")
        firms.append(firm)
    return firms


def _enterprise_name(
    rng: random.Random, origin: Origin, slug: str, used: set[str]
) -> tuple[str, str]:
    word_en, word_zh = _NAME_WORDS.get(slug, ("Tech", "科技"))
    for attempt in range(100):
        if origin is Origin.HONG_KONG:
            stem_en, stem_zh = rng.choice(_HK_STEMS)
            name = (f"{stem_en} {word_en} Limited", f"{stem_zh}{word_zh}有限公司")
        elif origin is Origin.MAINLAND:
            (city_en, city_zh), (stem_en, stem_zh) = (
                rng.choice(_MAINLAND_CITIES),
                rng.choice(_MAINLAND_STEMS),
            )
            name = (
                f"{city_en} {stem_en} {word_en} Technology Co., Ltd.",
                f"{city_zh}{stem_zh}{word_zh}科技有限公司",
            )
        else:
            (stem_en, stem_zh), (form_en, form_zh) = (
                rng.choice(_OVERSEAS_STEMS),
                rng.choice(_OVERSEAS_FORMS),
            )
            name = (f"{stem_en} {word_en} {form_en}", f"{stem_zh}{word_zh}{form_zh}")
        if attempt >= 50:  # crowded: number the name to keep it unique
            name = (f"{name[0]} ({attempt - 48})", f"{name[1]}（{attempt - 48}）")
        if name[0] not in used:
            used.add(name[0])
            return name
    raise ValueError("ran out of enterprise names")  # pragma: no cover


def _enterprise_node(builder: _Builder, firm: _Enterprise) -> dict[str, Any]:
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


def _make_needs(builder: _Builder) -> list[tuple[str, str, str]]:
    """Department needs as (department id, technology slug, need), always with the gaps."""
    usable = sorted(
        {
            (f"department:{dept}", slug, need)
            for dept, slug, need in _NEEDS
            if f"department:{dept}" in builder.nodes and builder.tech(slug) is not None
        }
    )
    gaps = [need for need in usable if need[1] in _UNSUPPLIED]
    others = [need for need in usable if need[1] not in _UNSUPPLIED]
    chosen = gaps + builder.rng.sample(others, max(0, min(len(others), NEEDS_TARGET - len(gaps))))
    for dept_id, slug, need in sorted(chosen):
        builder.link(RelType.NEEDS, dept_id, f"technology:{slug}", need=need)
    return sorted(chosen)


def _ordinal(number: int) -> str:
    suffix = (
        "th" if 11 <= number % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    )
    return f"{number}{suffix}"


def _make_events(
    builder: _Builder, count: int, needs: list[tuple[str, str, str]], firms: list[_Enterprise]
) -> list[_Event]:
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
    made: list[_Event] = []
    for number in sorted(rng.sample(range(3, 19), forums)):
        day = tf2 + dt.timedelta(days=round((number - 2) / 17 * (tf19 - tf2).days))
        day += dt.timedelta(days=rng.randint(-15, 15))
        theme, theme_zh, slugs, _ = theme_for(day)
        venue = rng.choice(_VENUES[:2])
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
        made.append(_Event("", day, "forum", slugs, node))
    for _ in range(thematic):
        day = builder.day(FIRST_DAY, LAST_DAY)
        theme, theme_zh, slugs, _ = theme_for(day)
        node = {
            "name_en": f"Thematic Session: {theme}",
            "name_zh": f"專題分享會：{theme_zh}",
            "description": EVENT_DESCRIPTION,
            "event_type": EventType.THEMATIC_SESSION.value,
            "theme": theme,
            "venue": rng.choice(_VENUES)[0],
        }
        made.append(_Event("", day, "thematic", slugs, node))
    offered = {slug for firm in firms for slug in firm.offers}
    demand: dict[str, int] = {}
    for _, slug, _ in needs:
        if slug in offered:
            demand[slug] = demand.get(slug, 0) + 1
    topics_used: set[str] = set()
    for _ in range(max(1, count - forums - thematic)):
        day = builder.day(FIRST_DAY, LAST_DAY)
        topics = [slug for slug in sorted(demand) if _LATE_TECHNOLOGIES.get(slug, 0) <= day.year]
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
            "venue": rng.choices(_VENUES, (30, 30, 40))[0][0],
        }
        made.append(_Event("", day, "workshop", (slug,), node))
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
            partner = dict(_VENUES)[event.node["venue"]]
            builder.link(RelType.CO_ORGANISED, partner, event.id, date=event.date)
    return made


# Per kind of event: (departments from, to), (enterprises from, to).
_SIZES: dict[str, tuple[tuple[int, int], tuple[int, int]]] = {
    "forum": ((32, 45), (14, 22)),
    "thematic": ((12, 20), (6, 10)),
    "workshop": ((3, 8), (3, 7)),
    "tf-1": ((20, 30), (14, 14)),  # the real 1st forum: 14 companies exhibited
    "tf-2": ((25, 35), (10, 16)),
    "tf-19": ((41, 48), (TF19_MAINLAND_EXHIBITORS, TF19_MAINLAND_EXHIBITORS)),
}
_REAL_EVENT_TOPICS = {
    "tf-1": ("networking", "biometrics", "computer-vision"),
    "tf-2": ("computer-vision", "iot", "big-data-analytics", "sensors"),
    "tf-19": (),
}
_Attendance = dict[str, tuple[dt.date, set[str]]]


def _make_attendance(
    builder: _Builder,
    firms: list[_Enterprise],
    needs: list[tuple[str, str, str]],
    sample_events: list[_Event],
) -> _Attendance:
    rng = builder.rng
    needed: dict[str, set[str]] = {}
    for dept_id, slug, _ in needs:
        needed.setdefault(dept_id, set()).add(slug)
    # Never reached: a few departments that are not keen and have no real attendance.
    real_attendees = {link.from_id for link in builder.real_links if link.type is RelType.ATTENDED}
    quiet = [
        dept
        for dept in builder.departments
        if dept.split(":", 1)[1] not in _KEEN and dept not in real_attendees
    ]
    unreached = set(rng.sample(quiet, min(UNREACHED_DEPARTMENTS, len(quiet))))
    keenness = {
        dept: (2.0 if dept.split(":", 1)[1] in _KEEN else 0.4) + rng.random()
        for dept in builder.departments
    }
    real_events = [
        _Event(f"event:{kind}", builder.nodes[f"event:{kind}"].properties["date"], kind, topics)
        for kind, topics in _REAL_EVENT_TOPICS.items()
    ]
    attendance: _Attendance = {}
    for link in builder.real_links:
        if link.type is RelType.ATTENDED and link.date is not None:
            attendance.setdefault(link.to_id, (link.date, set()))[1].add(link.from_id)
    for event in real_events + sample_events:
        (dept_low, dept_high), (firm_low, firm_high) = _SIZES[event.kind]
        topics = set(event.technologies)
        depts = [
            dept
            for dept in builder.departments
            if dept not in unreached
            and _existed(dept, event.date)
            and (RelType.ATTENDED, dept, event.id) not in builder.taken
        ]
        dept_weights = [
            keenness[dept] * (4.0 if needed.get(dept, set()) & topics else 1.0) for dept in depts
        ]
        host = "department:dpo" if event.date >= DPO_START else "department:ogcio"
        chosen = builder.pick(depts, dept_weights, rng.randint(dept_low, dept_high))
        if event.kind == "forum" and host in depts:
            chosen = [host, *[dept for dept in chosen if dept != host]][: len(chosen)]
        eligible = [
            firm
            for firm in firms
            if firm.founded <= event.date.year
            and (event.kind != "tf-19" or firm.origin is Origin.MAINLAND)
        ]
        firm_weights = [
            firm.activity
            * (4.0 if topics & set(firm.offers) else 1.0)
            * (2.0 if event.kind == "tf-19" and firm.size is EnterpriseSize.LARGE else 1.0)
            for firm in eligible
        ]
        firm_ids = [firm.id for firm in eligible]
        picked = builder.pick(firm_ids, firm_weights, rng.randint(firm_low, firm_high))
        roles = _roles(rng, event.kind, len(chosen), len(picked))
        attendees = attendance.setdefault(event.id, (event.date, set()))[1]
        for party, role in zip([*chosen, *picked], roles, strict=True):
            builder.link(RelType.ATTENDED, party, event.id, role=role.value, date=event.date)
            attendees.add(party)
    return attendance


def _existed(dept_id: str, day: dt.date) -> bool:
    if dept_id == "department:dpo":
        return day >= DPO_START
    if dept_id in ("department:ogcio", "department:effo"):
        return day < DPO_START
    return True


def _roles(rng: random.Random, kind: str, depts: int, firms: int) -> list[AttendanceRole]:
    """Roles for the chosen departments, then the chosen enterprises, most eager first."""
    host, speaker = AttendanceRole.HOST, AttendanceRole.SPEAKER
    exhibitor, attendee = AttendanceRole.EXHIBITOR, AttendanceRole.ATTENDEE
    if kind == "forum":
        lead = [host, speaker, speaker]
        firm_lead = [speaker, speaker]
        rest = [exhibitor if rng.random() < 0.65 else attendee for _ in range(firms)]
    elif kind == "thematic":
        lead = [speaker] * rng.randint(1, 2)
        firm_lead = [speaker] * rng.randint(1, 3)
        rest = [rng.choice((exhibitor, attendee)) for _ in range(firms)]
    elif kind == "workshop":
        lead = [host]
        firm_lead = [speaker] * rng.randint(1, 2)
        rest = [exhibitor] * firms
    else:  # the real forums: departments came to see, enterprises exhibited
        lead, firm_lead, rest = [], [], [exhibitor] * firms
    dept_roles = (lead + [attendee] * depts)[:depts]
    return dept_roles + (firm_lead + rest)[:firms]


def _make_pilots(
    builder: _Builder,
    firms: list[_Enterprise],
    needs: list[tuple[str, str, str]],
    attendance: _Attendance,
) -> None:
    rng = builder.rng
    children: dict[str, list[str]] = {}
    for link in builder.real_links:
        if link.type is RelType.PART_OF and link.to_id.startswith("technology:"):
            children.setdefault(link.to_id, []).append(link.from_id)

    def covering(tech_id: str) -> set[str]:
        found = {tech_id}
        for child in children.get(tech_id, []):
            found |= covering(child)
        return found

    met: dict[tuple[str, str], dt.date] = {}
    for event_id in sorted(attendance):
        day, parties = attendance[event_id]
        depts = sorted(party for party in parties if party.startswith("department:"))
        companies = sorted(party for party in parties if party.startswith("enterprise:"))
        for dept in depts:
            for firm_id in companies:
                met[(dept, firm_id)] = min(day, met.get((dept, firm_id), day))
    candidates: list[tuple[str, _Enterprise, str, str]] = []
    for dept_id, slug, need in needs:
        wanted = {tech_id.split(":", 1)[1] for tech_id in covering(f"technology:{slug}")}
        candidates += [(dept_id, firm, slug, need) for firm in firms if wanted & set(firm.offers)]
    rng.shuffle(candidates)
    candidates.sort(key=lambda candidate: (candidate[0], candidate[1].id) not in met)
    done_needs: set[tuple[str, str]] = set()
    pilots = 0
    for dept_id, firm, slug, need in candidates:
        if pilots == PILOTS or (dept_id, slug) in done_needs:
            continue
        earliest = dt.date(max(firm.founded + 1, _LATE_TECHNOLOGIES.get(slug, 2020)), 1, 1)
        first_met = met.get((dept_id, firm.id))
        day = first_met + dt.timedelta(days=rng.randint(60, 300)) if first_met else earliest
        if day < earliest or day > LAST_PILOT_DAY:
            day = builder.day(earliest, LAST_DAY)
        before = len(builder.links)
        builder.link(
            RelType.PILOTED, dept_id, firm.id, project=f"Proof-of-concept trial: {need}", date=day
        )
        if len(builder.links) > before:
            done_needs.add((dept_id, slug))
            pilots += 1


def main(argv: Sequence[str] | None = None) -> None:
    """Command line: print (or write with --output) the sample seed file for a seed."""
    parser = argparse.ArgumentParser(
        prog="python -m graph_api.generate",
        description="Generate the invented sample collaboration data (sample: true) around "
        f"the real seeds/real-*.json files. Commit the output as seeds/{SAMPLE_FILE_NAME}.",
    )
    parser.add_argument("--seed", type=int, default=2019, help="random seed (default 2019)")
    parser.add_argument("--enterprises", type=int, default=120, help="sample enterprises (120)")
    parser.add_argument("--events", type=int, default=14, help="sample events (14)")
    parser.add_argument("-o", "--output", type=Path, help="write here, not to standard output")
    args = parser.parse_args(argv)
    paths = real_seed_paths()
    try:
        document = generate_sample(
            load_seed_files(paths), seed=args.seed, enterprises=args.enterprises, events=args.events
        )
        text = to_json(document)
        documents = [(str(path), json.loads(path.read_text(encoding="utf-8"))) for path in paths]
        parse_seed_documents([*documents, ("generated sample", json.loads(text))])
    except ValueError as exc:  # SeedError too
        parser.exit(1, f"error: {exc}\n")
    if args.output is not None:
        args.output.write_text(text, encoding="utf-8")
    else:
        sys.stdout.buffer.write(text.encode("utf-8"))
        sys.stdout.flush()


if __name__ == "__main__":
    main()
