"""The departments' sample needs: which technology each wants, and for what."""

from __future__ import annotations

from graph_api.domain import RelType
from graph_api.generate.builder import Builder

NEEDS_TARGET = 80
# fmt: off
# Needed by departments but offered by no enterprise: the "demand with no supply" gaps.
# They stay gaps because enterprises._OFFER_WEIGHTS leaves them out.
_UNSUPPLIED = ("data-governance", "industrial-robotics", "5g", "digital-identity")
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


def make_needs(builder: Builder) -> list[tuple[str, str, str]]:
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
