"""The four roles, each allowed everything the one before it is."""

from __future__ import annotations

from enum import IntEnum


class Role(IntEnum):
    """An access role; a higher value includes every lower one."""

    VIEWER = 1  # public entity data, lists, search, aggregate counts
    ANALYST = 2  # adds who met whom, paths, gaps, matching, history and the change feed
    EDITOR = 3  # adds mutations
    ADMIN = 4  # adds personal data (Person records) and import details

    @property
    def label(self) -> str:
        """The role's name as written in settings, keys and tokens ('viewer', ...)."""
        return self.name.lower()

    @classmethod
    def parse(cls, text: str) -> Role:
        """The role named ``text`` (any case); ValueError naming the choices if none."""
        try:
            return cls[text.strip().upper()]
        except KeyError:
            choices = ", ".join(role.label for role in cls)
            raise ValueError(f"'{text}' is not a role; choose one of {choices}") from None

    @classmethod
    def highest_of(cls, names: list[str]) -> Role | None:
        """The highest role among ``names`` (unknown names ignored), if any."""
        known = [cls[name.upper()] for name in names if name.upper() in cls.__members__]
        return max(known) if known else None
