"""How people name a numbered event when they search for it: "19th Technology Forum",
"Technology Forum 19", 第19屆技術論壇, 第十九屆技術論壇.

The real Technology Forums have English titles only (no Chinese title was found in
their sources), so a Chinese search for 第19屆 or 技術論壇 found nothing. These terms are
made from an event's number and type and go into its search text only: they are how
one asks for the event, not names it is given, and are never shown as its name.
"""

from __future__ import annotations

from graph_api.domain.kinds import EventType

# Each event type in words: English, and the Chinese as Hong Kong writes it.
TYPE_WORDS: dict[EventType, tuple[str, str]] = {
    EventType.TECHNOLOGY_FORUM: ("Technology Forum", "技術論壇"),
    EventType.WORKSHOP: ("Workshop", "工作坊"),
    EventType.THEMATIC_SESSION: ("Thematic Session", "專題研討會"),
    EventType.EXHIBITION: ("Exhibition", "展覽"),
    EventType.OPENING: ("Opening", "開幕"),
}
_DIGITS = "零一二三四五六七八九"


def english_ordinal(number: int) -> str:
    """1st, 2nd, 3rd, 4th, ..., 11th, 12th, 13th, ..., 21st."""
    if 10 <= number % 100 <= 20:
        suffix = "th"
    else:
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def chinese_numeral(number: int) -> str | None:
    """一 to 九十九 as written in an ordinal (第十九屆); None outside 1–99."""
    if not 1 <= number <= 99:
        return None
    tens, units = divmod(number, 10)
    if tens == 0:
        return _DIGITS[units]
    head = "" if tens == 1 else _DIGITS[tens]
    return head + "十" + (_DIGITS[units] if units else "")


def event_search_terms(event_type: str | None, number: int | None) -> tuple[str, ...]:
    """The ways to ask for the ``number``-th event of ``event_type`` in both languages;
    none when either is unknown."""
    if number is None or event_type not in {t.value for t in TYPE_WORDS}:
        return ()
    english, chinese = TYPE_WORDS[EventType(event_type)]
    terms = [
        f"{english_ordinal(number)} {english}",
        f"{english} {number}",
        f"第{number}屆{chinese}",
    ]
    if (numeral := chinese_numeral(number)) is not None:
        terms.append(f"第{numeral}屆{chinese}")
    return tuple(terms)
