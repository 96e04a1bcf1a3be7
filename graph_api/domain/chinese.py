"""Chinese as Hong Kong writes it: names are kept, and searched, in Traditional Chinese
(Hong Kong variants), so text in Simplified is read as its Hong Kong Traditional form
(OpenCC's ``s2hk``) wherever names are compared: 数字政策 and 數字政策 are one name."""

from __future__ import annotations

import re
from functools import cache

import opencc

# A run of Chinese characters (CJK unified ideographs, extension A, compatibility).
CHINESE_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")


def traditional(text: str) -> str:
    """``text`` with Simplified Chinese read as Hong Kong Traditional; text holding no
    Chinese is returned as it is (without a call to OpenCC)."""
    if not CHINESE_RUN.search(text):
        return text
    return str(_converter().convert(text))


@cache
def _converter() -> opencc.OpenCC:
    """OpenCC's Simplified → Traditional (Hong Kong) converter, loaded once."""
    return opencc.OpenCC("s2hk")
