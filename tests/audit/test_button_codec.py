"""The one codec of button data (bot/render/buttons.py): the same bytes as before, Telegram's
64-byte limit, and old or forged data answered instead of left spinning."""

from __future__ import annotations

import pytest

from bot.context import CoopApplication
from bot.render.buttons import (
    AgendaIcs,
    BroadcastTool,
    Button,
    ButtonDataError,
    Compose,
    EventAction,
    EventIcs,
    FlowCountry,
    FlowDone,
    FlowDuration,
    FlowProject,
    FocalClaim,
    Forget,
    GroupLink,
    Onboard,
    OpenList,
    Page,
    PollCsv,
    Rsvp,
    decode,
    unreadable,
)
from bot.sandbox import Sandbox
from tests.audit.test_bad_input import coordinator_ready, forge_press
from tests.conftest import COORDINATOR

# Data carried by buttons of messages already sent: they must keep their meaning.
PERSISTED: list[tuple[str, Button]] = [
    ("rsvp:12:maybe", Rsvp(12, "maybe")),
    ("ev:ics:3", EventIcs(3)),
    ("ev:agics:terress,coopr", AgendaIcs("terress,coopr")),
    ("ev:agics:*", AgendaIcs("*")),
    ("ev:save:4", EventAction("save", 4)),
    ("ev:cancelok:9", EventAction("cancelok", 9)),
    ("evc:project:terress", FlowProject("terress")),
    ("evc:duration:90", FlowDuration("90")),
    ("evc:country:bj", FlowCountry("bj")),
    ("evc:done", FlowDone()),
    ("polls:csv:7", PollCsv(7)),
    ("bc:5:x", Compose(5, "x")),
    ("bc:5:set:all", Compose(5, "set", "all")),
    ("bc:5:tog:c:bj", Compose(5, "tog", "c:bj")),
    ("bcx:csv:2", BroadcastTool("csv", 2)),
    ("ob:lang:fr", Onboard("lang", "fr")),
    ("ob:go:*restart", Onboard("go", "*restart")),
    ("ob:tz:America/Argentina/Buenos_Aires", Onboard("tz", "America/Argentina/Buenos_Aires")),
    ("fp:ok:2002", FocalClaim("ok", 2002)),
    ("fp:no:2002:l", FocalClaim("no", 2002, "l")),
    ("priv:forget:yes", Forget("yes")),
    ("grp:link:terress", GroupLink("terress")),
    ("pg:mq:2:terress", Page("mq", 2, "terress")),
    ("pgo:pr:7", OpenList("pr", "7")),
]


@pytest.mark.parametrize(("data", "button"), PERSISTED)
def test_data_already_sent_decodes_and_encodes_byte_for_byte(data: str, button: Button) -> None:
    assert decode(data) == button
    assert button.encode() == data
    assert type(button).decode(data) == button


@pytest.mark.parametrize(
    "data",
    [
        "rsvp:12:perhaps",  # no such answer
        "rsvp:x:yes",
        "rsvp:99999999999999999999999:yes",  # beyond SQLite's integers
        "ev:fly:3",
        "ev:save",
        "ev:save:-1",
        "polls:csv:²",
        "evc:done:extra",
        "bc:5",
        "bc:²:x",
        "bcx:resend:2",
        "fp:maybe:2002",
        "priv:forget:perhaps",
        "pg:mq:x:terress",
    ],
)
def test_data_no_kind_reads_is_unreadable(data: str) -> None:
    assert decode(data) is None
    assert unreadable(data)


def test_data_of_other_families_is_left_to_their_handlers() -> None:
    assert not unreadable("zz:whatever")
    assert not unreadable(None)


def test_data_over_64_bytes_is_refused_when_written() -> None:
    with pytest.raises(ButtonDataError):
        FlowProject("x" * 60).encode()
    assert len(FlowProject("x" * 50).encode().encode()) <= 64


def test_an_agenda_scope_is_cut_to_fit() -> None:
    scope = AgendaIcs.of(["projet-au-nom-tres-long"] * 5)
    assert len(scope.encode().encode()) <= 64
    assert scope.projects({"projet-au-nom-tres-long"}) == ["projet-au-nom-tres-long"] * 2
    assert AgendaIcs.of(None).projects({"terress"}) is None


def test_a_pattern_can_narrow_a_kind() -> None:
    edit = EventAction.pattern(lambda b: b.action == "edit")
    assert edit("ev:edit:3") and not edit("ev:save:3") and not edit("ev:edit:x")


async def test_an_unreadable_press_is_answered_and_changes_nothing(
    app: CoopApplication, sandbox: Sandbox
) -> None:
    message = await coordinator_ready(sandbox)
    query = await forge_press(sandbox, COORDINATOR, message, "ev:fly:3")
    answer = await sandbox.wait_for_callback_answer(query)
    assert "plus valable" in answer["text"]
