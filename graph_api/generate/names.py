"""Invented enterprise names, in English and Chinese, by origin and by what they offer."""

from __future__ import annotations

import random

from graph_api.domain import Origin

# fmt: off
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


def enterprise_name(
    rng: random.Random, origin: Origin, slug: str, used: set[str]
) -> tuple[str, str]:
    """An English and Chinese name not yet in ``used`` (which it updates), fit for origin."""
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
