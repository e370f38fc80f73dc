"""README commands tried as a new user would: missing or wrong arguments get a clear answer
and change nothing."""

from __future__ import annotations

import pytest

from bot.context import CoopApplication
from bot.sandbox import Sandbox
from bot.services import Services
from tests.conftest import ALICE, BOB, COORDINATOR, GROUP
from tests.polls.conftest import link_group, send_poll_line


async def test_feedback_setting_for_an_unknown_event_is_refused(
    app: CoopApplication, sandbox: Sandbox, services: Services
) -> None:
    await sandbox.send_text(COORDINATOR, "/avis 99 oui")
    reply = await sandbox.wait_for_message(COORDINATOR)
    assert "Je ne trouve pas l'événement n° 99" in reply["text"]
    await sandbox.send_text(BOB, "/feedback 99 on")  # not a coordinator: refused first
    assert "coordinators only" in (await sandbox.wait_for_message(BOB))["text"]
    assert await services.db.fetchall("SELECT * FROM event_feedback") == []


async def test_group_language_and_time_zone_without_argument_show_the_current_ones(
    app: CoopApplication, sandbox: Sandbox
) -> None:
    await sandbox.send_text(COORDINATOR, "/langue", chat_id=GROUP)
    reply = await sandbox.wait_for_message(GROUP)
    assert "Langue de ce groupe : français" in reply["text"] and "/langue en" in reply["text"]
    await sandbox.send_text(COORDINATOR, "/fuseau", chat_id=GROUP)
    reply = await sandbox.wait_for_message(GROUP)
    assert "Fuseau horaire de ce groupe : Europe/Paris" in reply["text"]
    assert "/fuseau Dakar" in reply["text"]
    await sandbox.send_text(COORDINATOR, "/fuseau Dakar", chat_id=GROUP)
    await sandbox.wait_for_message(GROUP)
    await sandbox.send_text(COORDINATOR, "/fuseau", chat_id=GROUP)
    assert "Africa/Dakar" in (await sandbox.wait_for_message(GROUP))["text"]
    await sandbox.send_text(ALICE, "/langue", chat_id=GROUP)  # not an admin: shown (audit 15)
    assert "Langue de ce groupe" in (await sandbox.wait_for_message(GROUP))["text"]
    await sandbox.send_text(ALICE, "/langue en", chat_id=GROUP)  # changing it is refused
    assert "administrateurs" in (await sandbox.wait_for_message(GROUP))["text"]


LONG = "é" * 4000  # a whole Telegram message of one word


@pytest.mark.parametrize(
    ("user", "chat", "command"),
    [
        (ALICE, None, f"/fuseau {LONG}"),
        (ALICE, None, "/fuseau " + " ".join(["mot"] * 1000)),
        (ALICE, None, f"/pointsfocaux {LONG}"),
        (ALICE, None, f"/quiest {LONG}"),
        (ALICE, None, f"/langue {LONG}"),
        (COORDINATOR, GROUP, f"/fuseau {LONG}"),
        (COORDINATOR, GROUP, f"/liergroupe {LONG}"),
        (COORDINATOR, None, f"/manquants {LONG}"),
        (COORDINATOR, None, f"/evenement terress | visio | Titre | {LONG} | 1h"),
        (COORDINATOR, None, f"/evenement {LONG} | visio | Titre | demain 9h | 1h"),
        (COORDINATOR, None, f"/sondage terress close={LONG} | Question ? | Oui | Non"),
    ],
)
async def test_a_very_long_argument_gets_a_short_answer(
    app: CoopApplication, sandbox: Sandbox, user: int, chat: int | None, command: str
) -> None:
    where = chat if chat is not None else user
    await sandbox.send_text(user, command[:4096], chat_id=chat)
    reply = await sandbox.wait_for_message(where)
    assert "…" in reply["text"] and len(reply["text"]) < 1000
    assert not [c for c in sandbox.calls() if not c.ok and c.method != "getUpdates"]


@pytest.mark.parametrize("command", ["/evenement modifier", "/event cancel", "/evenement annuler"])
async def test_event_edit_or_cancel_without_number_gets_that_usage_only(
    app: CoopApplication, sandbox: Sandbox, command: str
) -> None:
    mark = sandbox.mark()
    await sandbox.send_text(COORDINATOR, command)
    reply = await sandbox.wait_for_message(COORDINATOR)
    assert "/evenement modifier NUMÉRO" in reply["text"]
    await sandbox.expect_no_message(COORDINATOR, after=reply_mark(sandbox, mark, reply))


def reply_mark(sandbox: Sandbox, mark: int, reply: dict[str, object]) -> int:
    """The event position of ``reply`` (to look for anything sent after it)."""
    return next(
        e.seq
        for e in sandbox.events(after=mark, kinds=["message"])
        if e.message and e.message["message_id"] == reply["message_id"]
    )


async def test_rsvp_usage_names_the_command_in_the_speakers_language(
    app: CoopApplication, sandbox: Sandbox
) -> None:
    await sandbox.send_text(COORDINATOR, "/reponses")
    assert "/reponses NUMÉRO" in (await sandbox.wait_for_message(COORDINATOR))["text"]


async def test_a_closing_delay_out_of_range_says_so(
    app: CoopApplication, sandbox: Sandbox, services: Services
) -> None:
    for delay in ("1m", "15j"):
        await sandbox.send_text(COORDINATOR, f"/sondage terress close={delay} | Q ? | Oui | Non")
        reply = await sandbox.wait_for_message(COORDINATOR)
        assert (
            f"Le délai de clôture « {delay} » doit aller de 5 minutes à 14 jours" in reply["text"]
        )
        assert "/sondage [options] [projet]" in reply["text"]  # the usage, in the same message
    assert await services.polls.recent(10) == []


async def test_results_without_number_points_to_the_list_when_none_is_yours(
    app: CoopApplication, sandbox: Sandbox, services: Services
) -> None:
    await link_group(services, "coopr")  # the poll must reach someone (audit item 4)
    await send_poll_line(sandbox, "/sondage coopr | groupes | Q ? | Oui | Non")
    await sandbox.send_text(ALICE, "/resultats")  # Alice has no project and got no poll
    reply = await sandbox.wait_for_message(ALICE)
    assert "/sondages" in reply["text"] and "/resultats NUMÉRO" in reply["text"]
    await sandbox.send_text(ALICE, "/resultats 1")
    assert "Q ?" in (await sandbox.wait_for_message(ALICE))["text"]
