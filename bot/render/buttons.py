"""One typed codec for the data carried by inline buttons (Telegram's ``callback_data``).

Each kind of button is a small frozen dataclass registered under a prefix; its data is the
prefix and its fields joined by ``:`` (``rsvp:12:yes``, ``ev:save:3``, ``polls:csv:4``), the
same bytes the bot has always sent, so buttons of messages sent before still work. ``encode()``
checks Telegram's limit of 64 bytes; :func:`decode` gives the button back, or None for data
that is not (or no longer) one of ours — which :func:`unreadable` recognises, so that such a
press is answered instead of left spinning.

Fields are read by their annotation (trailing ``str`` fields defaulting to ``""`` may be left
out): ``int`` (a whole number from 0 to SQLite's largest, so a
forged number never reaches a query), a ``Literal`` of strings (one of them), or ``str`` (any
non-empty text, for the handler to check; the last field takes the rest, colons included).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, fields
from typing import (
    Any,
    ClassVar,
    Literal,
    TypeVar,
    dataclass_transform,
    get_args,
    get_origin,
    get_type_hints,
)

from telegram import InlineKeyboardButton

from bot.limits import MAX_ID

MAX_BYTES = 64
NUMBER = re.compile(r"[0-9]{1,19}")

B = TypeVar("B", bound="Button")

_KINDS: dict[str, type[Button]] = {}


class ButtonDataError(ValueError):
    """Data that Telegram would refuse (over 64 bytes), or a field that cannot be written."""


class Button:
    """Base of every kind of button data (subclasses are frozen dataclasses)."""

    PREFIX: ClassVar[str] = ""

    def encode(self) -> str:
        parts = [self.PREFIX]
        own = fields(self)  # type: ignore[arg-type]
        for index, item in enumerate(own):
            raw = str(getattr(self, item.name))
            if not raw:
                if item.default == "" and all(
                    getattr(self, rest.name) == "" for rest in own[index:]
                ):
                    break  # optional trailing fields left out
                raise ButtonDataError(f"{self.PREFIX}: empty {item.name}")
            parts.append(raw)
        data = ":".join(parts)
        if len(data.encode("utf-8")) > MAX_BYTES:
            raise ButtonDataError(f"{data[:20]}…: over {MAX_BYTES} bytes")
        return data

    @classmethod
    def decode(cls: type[B], data: object) -> B | None:
        """This kind of button from ``data``, or None if the data is not one of it."""
        if not isinstance(data, str) or not cls.PREFIX:
            return None
        own = fields(cls)  # type: ignore[arg-type]
        if not own:
            return cls() if data == cls.PREFIX else None
        if not data.startswith(cls.PREFIX + ":"):
            return None
        parts = data[len(cls.PREFIX) + 1 :].split(":", len(own) - 1)
        required = sum(1 for item in own if item.default != "")
        if not required <= len(parts) <= len(own):
            return None
        hints = get_type_hints(cls)
        values: list[Any] = []
        for item, raw in zip(own, parts, strict=False):
            value = _read(hints[item.name], raw)
            if value is None:
                return None
            values.append(value)
        return cls(*values)

    @classmethod
    def pattern(cls: type[B], when: Callable[[B], bool] | None = None) -> Callable[[object], bool]:
        """A ``CallbackQueryHandler`` pattern: data of this kind (and for which ``when`` holds)."""

        def matches(data: object) -> bool:
            button = cls.decode(data)
            return button is not None and (when is None or when(button))

        return matches


def _read(hint: Any, raw: str) -> object | None:
    if hint is int:
        if NUMBER.fullmatch(raw) is None or int(raw) > MAX_ID:
            return None
        return int(raw)
    if get_origin(hint) is Literal:
        return raw if raw in get_args(hint) else None
    if hint is str:
        return raw or None
    raise ButtonDataError(f"unsupported field type {hint!r}")


@dataclass_transform(frozen_default=True)
def button(prefix: str) -> Callable[[type[B]], type[B]]:
    """Register a kind of button under ``prefix``: a class decorator that makes the class a
    frozen dataclass (unless it is one already)."""

    def register(cls: type[B]) -> type[B]:
        if prefix in _KINDS:
            raise ValueError(f"button prefix {prefix!r} registered twice")
        if "__dataclass_fields__" not in vars(cls):  # not decorated with @dataclass already
            cls = dataclass(frozen=True)(cls)
        cls.PREFIX = prefix
        _KINDS[prefix] = cls
        return cls

    return register


def inline(text: str, data: Button) -> InlineKeyboardButton:
    """An inline button labelled ``text`` carrying ``data``."""
    return InlineKeyboardButton(text, callback_data=data.encode())


def decode(data: object) -> Button | None:
    """The button ``data`` encodes, of whichever registered kind (the longest prefix first)."""
    if not isinstance(data, str):
        return None
    for prefix in sorted(_KINDS, key=len, reverse=True):
        if data == prefix or data.startswith(prefix + ":"):
            found = _KINDS[prefix].decode(data)
            if found is not None:
                return found
    return None


def families() -> set[str]:
    """The first segments of every registered prefix (``ev``, ``rsvp``, ``polls``...)."""
    return {prefix.split(":", 1)[0] for prefix in _KINDS}


def unreadable(data: object) -> bool:
    """Data of one of our families that no kind reads: forged, or from an older version."""
    if not isinstance(data, str):
        return False
    return data.split(":", 1)[0] in families() and decode(data) is None


# -- events ---------------------------------------------------------------------------------------

RsvpAnswer = Literal["yes", "maybe", "no"]
RSVP_ANSWERS: tuple[RsvpAnswer, ...] = ("yes", "maybe", "no")


@button("rsvp")
class Rsvp(Button):
    event: int
    answer: RsvpAnswer


@button("ev:ics")
class EventIcs(Button):
    event: int


@button("ev:agics")
class AgendaIcs(Button):
    """The agenda of some projects (ids joined by commas, ``*`` for all) as one .ics file."""

    scope: str

    @classmethod
    def of(cls, projects: list[str] | None) -> AgendaIcs:
        scope = ",".join(projects) if projects else "*"
        room = MAX_BYTES - len(cls.PREFIX) - 1
        return cls(scope[:room])

    def projects(self, known: set[str]) -> list[str] | None:
        if self.scope == "*":
            return None
        return [p for p in self.scope.split(",") if p in known] or None


EventVerb = Literal[
    "save", "drop", "all", "cancel", "cancelok", "keep", "who", "edit", "savenext", "cancelnext"
]


@button("ev")
class EventAction(Button):
    """A coordinator's button on a draft (save, drop, all) or an event (the others)."""

    action: EventVerb
    number: int


# The /evenement conversation (``evc:``): pressed while it runs.


@button("evc:project")
class FlowProject(Button):
    project: str


@button("evc:kind")
class FlowKind(Button):
    kind: str


@button("evc:when")
class FlowWhen(Button):
    answer: Literal["yes", "no"]


@button("evc:duration")
class FlowDuration(Button):
    minutes: str  # one of the durations offered; the handler checks it


@button("evc:skip")
class FlowSkip(Button):
    pass


@button("evc:aud")
class FlowAudience(Button):
    audience: Literal["all", "some"]


@button("evc:country")
class FlowCountry(Button):
    country: str


@button("evc:done")
class FlowDone(Button):
    pass


@button("evc:field")
class FlowField(Button):
    name: str


@button("evc:editsave")
class FlowEditSave(Button):
    pass


@button("evc:editstop")
class FlowEditStop(Button):
    pass


# -- polls ----------------------------------------------------------------------------------------


@button("polls:csv")
class PollCsv(Button):
    poll: int


@button("polls:uncomment")
class CommentWithdraw(Button):
    """Under the confirmation of a feedback comment: its author takes it back."""

    comment: int


@button("polls:line")
class PollLine(Button):
    """The preview of a one-line /sondage: send it, correct the line, or drop it; ``draft``
    names the draft kept in the coordinator's (persistent) user data."""

    action: Literal["send", "edit", "drop"]
    draft: int


# -- announcements --------------------------------------------------------------------------------

ComposeVerb = Literal["x", "aud", "set", "pick", "proj", "tog", "ok", "sched", "now", "go"]


@button("bc")
class Compose(Button):
    """A button of an announcement's draft; ``arg``: the audience kind (set, pick), the project
    (proj), or ``<kind code>:<value>`` (tog)."""

    draft: int
    action: ComposeVerb
    arg: str = ""


@button("bcx")
class BroadcastTool(Button):
    """Buttons that outlive the composition: the failures' CSV, cancelling a scheduled one."""

    action: Literal["csv", "cancel"]
    broadcast: int


# -- long lists, paged in place (bot/render/pager.py, handlers/pager.py) --------------------------


@button("pg")
class Page(Button):
    """Page ``page`` of the list ``view`` (a short name registered in handlers/pager.py) for
    ``key`` (its argument: a project, a poll number...), shown by editing the same message."""

    view: str
    page: int
    key: str = ""


@button("pgo")
class OpenList(Button):
    """Show the list ``view`` for ``key`` from its first page, in a new message (a "detail"
    button under a summary)."""

    view: str
    key: str = ""


# -- onboarding and /me (bot/render/onboarding.py) ------------------------------------------------


@button("ob")
class Onboard(Button):
    """A step's answer (``code``: the step's short name, or ``go`` to redo the step ``value``)."""

    code: str
    value: str


# -- members --------------------------------------------------------------------------------------


@button("fp")
class FocalClaim(Button):
    """A coordinator's verdict on a focal point claim; ``place`` ``l``: pressed in the list of
    pending claims (shown again, up to date); under the notice of bot/render/members.py."""

    verdict: Literal["ok", "no"]
    user: int
    place: str = ""


@button("priv:forget")
class Forget(Button):
    answer: Literal["yes", "no"]


# -- groups ---------------------------------------------------------------------------------------


@button("grp:link")
class GroupLink(Button):
    """Link the group where it is pressed to a project (/liergroupe without a name)."""

    project: str
