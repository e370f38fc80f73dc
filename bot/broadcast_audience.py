"""Who receives an announcement (:class:`Audience`, its ``--audience`` spelling and JSON), and
the chats it resolves to (:class:`Recipients`). Pure data: :class:`bot.broadcast.BroadcastService`
resolves and stores them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.refusals import Refusal

# -- audience ---------------------------------------------------------------------------------

AUDIENCE_TYPES = ("all", "project", "countries", "focal_points", "groups", "members")
# `coopbot broadcast --audience` spellings of the types that take values.
SPEC_PREFIXES = {
    "project": "project",
    "projects": "project",
    "country": "countries",
    "countries": "countries",
    "focal": "focal_points",
    "focal_points": "focal_points",
}


class AudienceError(Refusal, ValueError):
    """An audience that cannot be understood: ``refusals.audience.<key>``, said in the
    reader's language (its text is the English)."""

    domain = "refusals.audience."


# How --audience is written (the syntax, the same in every language).
SPELLINGS = (
    "all",
    "members",
    "groups",
    "project:ID[,ID]",
    "country:CODE[,CODE]",
    "focal:ORGANISATION[,ORGANISATION]",
)


@dataclass(frozen=True)
class Audience:
    """Who receives an announcement.

    * ``all``: every member the bot can write to in private, and every linked group;
    * ``project``: the members of the projects in ``values`` and the groups linked to them;
    * ``countries``: the members from the countries in ``values`` (ISO codes), in private;
    * ``focal_points``: the focal points of the organisations in ``values``, in private;
    * ``groups``: the linked groups only; ``members``: every member, in private only.
    """

    type: str
    values: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.type not in AUDIENCE_TYPES:
            raise AudienceError("unknown_type", type=self.type)
        if self.type in ("project", "countries", "focal_points") and not self.values:
            raise AudienceError("needs_value", type=self.type)

    @classmethod
    def parse(cls, spec: str) -> Audience:
        """``all``, ``members``, ``groups``, ``project:terress``, ``country:cm,sn``,
        ``focal:acal,apida`` (several projects: ``project:coopr,terress``)."""
        text = spec.strip().lower()
        if text in ("all", "groups", "members"):
            return cls(text)
        prefix, _, rest = text.partition(":")
        kind = SPEC_PREFIXES.get(prefix.strip())
        values = tuple(dict.fromkeys(v.strip() for v in rest.split(",") if v.strip()))
        if kind is None or not values:
            raise AudienceError("unknown_spec", spec=spec, spellings=", ".join(SPELLINGS))
        return cls(kind, values)

    def spec(self) -> str:
        """The ``--audience`` spelling."""
        prefix = {"project": "project", "countries": "country", "focal_points": "focal"}
        if self.type in prefix:
            return f"{prefix[self.type]}:{','.join(self.values)}"
        return self.type

    def to_json(self) -> dict[str, Any]:
        return {"type": self.type, "values": list(self.values)}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Audience:
        return cls(str(data["type"]), tuple(str(v) for v in data.get("values", ())))

    @property
    def reaches_people(self) -> bool:
        return self.type != "groups"

    @property
    def reaches_groups(self) -> bool:
        return self.type in ("all", "project", "groups")

    def toggled(self, value: str) -> Audience | None:
        """The same audience with ``value`` added or removed (None if left empty)."""
        values = tuple(v for v in self.values if v != value)
        if len(values) == len(self.values):
            values = (*self.values, value)
        return Audience(self.type, values) if values else None


@dataclass(frozen=True)
class Recipients:
    people: tuple[int, ...] = ()
    groups: tuple[int, ...] = ()
    # group chat -> the forum topic linked to the announced project (issue 15)
    topics: tuple[tuple[int, int], ...] = ()

    @property
    def count(self) -> int:
        return len(self.people) + len(self.groups)

    def chats(self) -> list[int]:
        return [*self.people, *self.groups]


@dataclass(frozen=True)
class Choice:
    """A value the author can pick for an audience (a project, a country, an organisation)."""

    id: str
    label: str
    count: int
