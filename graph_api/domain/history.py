"""Names through time: the earlier names of bureaux and departments, with their dates.

Offices are renamed and restructured (the 1 July 2022 reorganisation; OGCIO and the
Efficiency Office merged into the Digital Policy Office on 25 July 2024). The graph keeps:

- ``former_names`` on a bureau or department: each earlier name (English, and Chinese
  and abbreviation where known) with ``until``, the last day it was in use, and
  optionally ``since``, the first. A renamed office stays one entity.
- ``established`` (first day) and ``dissolved`` (last day it existed), ISO dates.
- ``SUCCEEDED_BY`` links, old office -> the one that took over its work, dated with the
  first day of the successor's charge: a dissolved office and the offices after it.

Both stores keep ``former_names`` in one text column as canonical JSON (Ladybug needs
every column declared, and a JSON text is one shape both stores hold alike); records
expose it decoded, as :class:`FormerName` tuples (``NodeRecord.former_names``). This
module knows nothing of the stores or of GraphQL.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_FIELDS = ("name_en", "name_zh", "abbreviation", "since", "until", "source")
FIELD = "former_names"


class HistoryProblem(ValueError):
    """A former name or an office's dates break a rule; the message names the field."""


@dataclass(frozen=True)
class FormerName:
    """A name an entity went by until ``until`` (the last day it was in use)."""

    name_en: str
    until: dt.date
    name_zh: str | None = None
    abbreviation: str | None = None
    since: dt.date | None = None
    # Where the name is documented, when not in the entity's own source (a press
    # release that uses the old Chinese name, say).
    source: str | None = None

    def names(self) -> Iterator[str]:
        """Every form of the name that is known: English, Chinese, abbreviation."""
        yield from (name for name in (self.name_en, self.name_zh, self.abbreviation) if name)

    def to_raw(self) -> dict[str, str]:
        """The seed-file shape: absent fields left out, dates as ISO text."""
        raw = {
            "name_en": self.name_en,
            "name_zh": self.name_zh,
            "abbreviation": self.abbreviation,
            "since": self.since.isoformat() if self.since else None,
            "until": self.until.isoformat(),
            "source": self.source,
        }
        return {key: value for key, value in raw.items() if value is not None}


def encode(former: Sequence[FormerName]) -> str | None:
    """The canonical JSON text both stores keep (None for no former names)."""
    if not former:
        return None
    return json.dumps([name.to_raw() for name in former], ensure_ascii=False)


def decode(text: Any) -> tuple[FormerName, ...]:
    """The former names in a stored JSON text (as written by ``encode``)."""
    if not text:
        return ()
    return tuple(_former(raw) for raw in json.loads(text))


def _former(raw: Mapping[str, Any]) -> FormerName:
    since = raw.get("since")
    return FormerName(
        name_en=raw["name_en"],
        until=dt.date.fromisoformat(raw["until"]),
        name_zh=raw.get("name_zh"),
        abbreviation=raw.get("abbreviation"),
        since=dt.date.fromisoformat(since) if since else None,
        source=raw.get("source"),
    )


def parse_former_names(value: Any) -> str | None:
    """Check a seed-format ``former_names`` value and return its canonical JSON text.

    The value is a list of objects, or (as CSV and GraphML cells carry it) the JSON text
    of one. Raises HistoryProblem naming the entry and field.
    """
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except json.JSONDecodeError:
            raise HistoryProblem(f"{FIELD} is not a JSON array of objects") from None
    if not isinstance(value, list):
        raise HistoryProblem(f"{FIELD} must be an array of objects")
    return encode([_check_entry(entry, f"{FIELD}[{index}]") for index, entry in enumerate(value)])


def _check_entry(entry: Any, where: str) -> FormerName:
    if not isinstance(entry, dict):
        raise HistoryProblem(f"{where} must be an object with name_en and until")
    unknown = sorted(set(entry) - set(_FIELDS))
    if unknown:
        raise HistoryProblem(f"{where} has unknown field {unknown[0]!r} (allowed: {_FIELDS})")
    for key in ("name_en", "name_zh", "abbreviation", "source"):
        text = entry.get(key)
        if text is None and key != "name_en":
            continue
        if not isinstance(text, str) or not text.strip() or text != text.strip():
            raise HistoryProblem(f"{where}.{key} must be a non-blank string without outer spaces")
    if entry.get("until") is None:
        raise HistoryProblem(f"{where}.until is missing: the last day the name was in use")
    until = parse_date(entry["until"], f"{where}.until")
    since = None if entry.get("since") is None else parse_date(entry["since"], f"{where}.since")
    if since is not None and until < since:
        raise HistoryProblem(f"{where}.until {until} is before its since {since}")
    return _former({**entry, "until": until.isoformat(), "since": since and since.isoformat()})


def parse_date(value: Any, key: str) -> dt.date:
    """A YYYY-MM-DD date that exists, or HistoryProblem naming ``key``."""
    if isinstance(value, str) and _DATE.match(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise HistoryProblem(f"{key} {value!r} is not a date in the form YYYY-MM-DD")


def check_office_dates(properties: Mapping[str, Any]) -> None:
    """An office's dates agree: established <= dissolved, and its former names fall
    between them. ``properties`` holds ISO texts (and ``former_names`` JSON text)."""
    established = _iso(properties.get("established"))
    dissolved = _iso(properties.get("dissolved"))
    if established and dissolved and dissolved < established:
        raise HistoryProblem(f"dissolved {dissolved} is before established {established}")
    for index, former in enumerate(decode(properties.get(FIELD))):
        where = f"{FIELD}[{index}]"
        if dissolved and former.until > dissolved:
            raise HistoryProblem(f"{where}.until {former.until} is after dissolved {dissolved}")
        if established and former.since and former.since < established:
            raise HistoryProblem(
                f"{where}.since {former.since} is before established {established}"
            )


def check_succession(
    date: dt.date | None, predecessor: Mapping[str, Any], successor: Mapping[str, Any]
) -> None:
    """A SUCCEEDED_BY link's date fits its ends: after the predecessor was dissolved, and
    not before the successor was established."""
    if date is None:
        raise HistoryProblem("date is missing: a succession is dated with its first day")
    dissolved = _iso(predecessor.get("dissolved"))
    established = _iso(successor.get("established"))
    if dissolved and date <= dissolved:
        raise HistoryProblem(f"date {date} is not after the predecessor's dissolved {dissolved}")
    if established and date < established:
        raise HistoryProblem(f"date {date} is before the successor's established {established}")


def _iso(value: Any) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(value) if isinstance(value, str) and value else None
