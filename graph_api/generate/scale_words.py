"""The words and proportions synthetic graphs are made of (``graph_api.generate.scale``):
name parts for departments, technologies and firms, and how events, origins and sizes
are mixed. All invented; the generated entities are marked as sample data."""

from __future__ import annotations

import datetime as dt

from graph_api.domain import EnterpriseSize, EventType, Origin

FIRST_DAY, DAYS = dt.date(2019, 7, 1), 6 * 365
# fmt: off
AREAS = (
    "Water", "Drainage", "Lands", "Highways", "Buildings", "Fire", "Customs", "Libraries",
    "Parks", "Marine", "Transport", "Housing", "Health", "Labour", "Statistics", "Weather",
    "Records", "Postal", "Audit", "Revenue", "Planning", "Environment", "Social Welfare",
)
FORMS = ("Department", "Office", "Services Department", "Authority", "Agency")
BROAD = (
    "Artificial Intelligence", "Data and Analytics", "Internet of Things", "Robotics",
    "Cloud Computing", "Cybersecurity", "Spatial Technology", "Connectivity",
)
NARROW = (
    "Computer Vision", "Natural Language Processing", "Chatbots", "Generative AI", "Sensors",
    "Smart Meters", "Digital Twins", "BIM", "GIS", "Drones", "Service Robots", "RPA",
    "Blockchain", "5G", "Wi-Fi", "Edge Computing", "Biometrics", "Open Data", "AR and VR",
    "Predictive Maintenance", "Data Governance", "Zero Trust", "Speech Recognition",
)
STEMS = (
    "Harbour", "Lion Rock", "Jade", "Peak", "Bauhinia", "Tidewell", "Lantern", "Kestrel",
    "Qingyun", "Xinghe", "Nordvik", "Veridian", "Skyrail", "Pearl", "Cloudpeak", "Lingxi",
)
WORDS = ("Vision", "Data", "Robotics", "Sensing", "Cloud", "Secure", "Geo", "Twin", "Chat", "AI")
FIRM_FORMS = ("Limited", "Technology Co., Ltd.", "Inc.", "Pte. Ltd.", "GmbH")
# fmt: on
ORIGINS = ((Origin.HONG_KONG, 0.5), (Origin.MAINLAND, 0.3), (Origin.OVERSEAS, 0.2))
SIZES = ((EnterpriseSize.STARTUP, 0.45), (EnterpriseSize.SME, 0.4), (EnterpriseSize.LARGE, 0.15))
# Kind of event: (share of events, attendees from, to, share of attendees from government).
EVENT_MIX: dict[EventType, tuple[float, int, int, float]] = {
    EventType.TECHNOLOGY_FORUM: (0.04, 150, 600, 0.3),
    EventType.THEMATIC_SESSION: (0.12, 30, 100, 0.4),
    EventType.EXHIBITION: (0.04, 50, 200, 0.2),
    EventType.WORKSHOP: (0.80, 5, 30, 0.35),
}
