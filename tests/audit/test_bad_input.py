"""Bad input never reaches a traceback (issue 10, item 5).

Numbers too large for SQLite, negative or zero, texts longer than Telegram accepts (counted as
Telegram counts: UTF-16 code units of the visible text), blank texts, HTML-like text, presses
by strangers and buttons whose data was forged: each gets a clear answer in the person's
language, nothing is written, and the emulator's call log has no call Telegram refused.
"""

from __future__ import annotations

import asyncio
import copy
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.cli import main
from bot.clock import FrozenClock
from bot.context import CoopApplication
from bot.sandbox import Fault, Sandbox
from bot.services import Services
from tests.conftest import ALICE, BOB, CAROL, COORDINATOR, GROUP
from tests.polls.conftest import link_group, send_poll_line

BIG = "99999999999999999999999"  # more than SQLite's 2**63-1
MAX_ID = str(2**63 - 1)
APOLOGIES = ("Désolé, quelque chose s'est mal passé", "Sorry, something went wrong")
# Written after every update whatever it is (conversation steps, the asker's last question for
# a follow-up), or a heartbeat.
# (ops_state: the health heartbeat, written on its own schedule whatever the updates are)
BOOKKEEPING = {"conversations", "user_data", "broadcast_sender", "ops_state", "recent_questions"}

Snapshot = dict[str, list[tuple[Any, ...]]]


async def snapshot(services: Services) -> Snapshot:
    """Every row of every table of the bot's database (but the bookkeeping ones), once every
    message queued so far has its outcome written (the outbox works in the background) and the
    sightings buffered in memory are written."""
    await services.members.flush_sightings()
    await services.delivery.wait_idle()
    names = await services.db.fetchall(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    )
    tables = [row[0] for row in names if row[0] not in BOOKKEEPING]
    return {
        table: sorted(
            (tuple(row) for row in await services.db.fetchall(f"SELECT * FROM {table}")), key=repr
        )
        for table in tables
    }


def changed(before: Snapshot, after: Snapshot) -> dict[str, list[tuple[Any, ...]]]:
    """The tables whose rows differ, with their new rows (empty: nothing was written)."""
    return {name: rows for name, rows in after.items() if before.get(name) != rows}


def refused_calls(sandbox: Sandbox) -> list[tuple[str, str | None]]:
    """Bot API calls Telegram (the emulator) answered ok=false."""
    return [(c.method, c.error) for c in sandbox.calls() if not c.ok and c.method != "getUpdates"]


def no_apology(sandbox: Sandbox) -> None:
    for message in sandbox.sent_messages():
        body = message.get("text") or message.get("caption") or ""
        assert not body.startswith(APOLOGIES), body


async def nothing_went_wrong(sandbox: Sandbox, services: Services, before: Snapshot) -> None:
    """Since ``before``: nothing written, no call Telegram refused, no apology sent."""
    assert changed(before, await snapshot(services)) == {}
    assert refused_calls(sandbox) == []
    no_apology(sandbox)


async def settle(sandbox: Sandbox) -> None:
    await sandbox.wait_until_delivered()


async def ask(sandbox: Sandbox, user: int, command: str, chat: int | None = None) -> str:
    """Send ``command`` and return the bot's answer (the first message after it)."""
    await sandbox.send_text(user, command, chat_id=chat)
    answer = await sandbox.wait_for_message(chat if chat is not None else user)
    await settle(sandbox)
    return str(answer.get("text") or "")


async def forge_press(sandbox: Sandbox, user: int, message: dict[str, Any], data: str) -> str:
    """A press carrying ``data`` that the bot never put on a button (a modified client)."""
    query_id = str(4100000000000000000 + sandbox.world.next_id())
    profile = sandbox.world.user(user).to_api()
    query = {
        "id": query_id,
        "from": profile,
        "message": copy.deepcopy(message),
        "chat_instance": "1",
        "data": data,
    }
    sandbox.world.callback_queries[query_id] = query
    sandbox.world.push_update("callback_query", copy.deepcopy(query))
    return query_id


async def coordinator_ready(sandbox: Sandbox) -> dict[str, Any]:
    """The coordinator has opened the private chat; returns a bot message there."""
    await sandbox.send_text(COORDINATOR, "/aide")
    message, _coordinators = await sandbox.wait_for_messages(COORDINATOR, 2)  # /aide: two parts
    await settle(sandbox)
    return message


async def refusal(sandbox: Sandbox, services: Services, command: str) -> str:
    """The answer to ``command`` typed by the coordinator in private, which went wrong nowhere
    (see :func:`nothing_went_wrong`)."""
    await coordinator_ready(sandbox)
    before = await snapshot(services)
    answer = await ask(sandbox, COORDINATOR, command)
    await nothing_went_wrong(sandbox, services, before)
    return answer


async def saved_event(
    sandbox: Sandbox, line: str = "terress | visio | Point | demain 9h | 1h"
) -> None:
    """Event n°1, saved by the coordinator (announced in the linked group, if any)."""
    await sandbox.send_text(COORDINATOR, f"/evenement {line}")
    draft = await sandbox.wait_for_message(COORDINATOR)
    query = await sandbox.press_button(COORDINATOR, draft, "ev:save:1")
    await sandbox.wait_for_callback_answer(query)
    await settle(sandbox)


# -- numbers ------------------------------------------------------------------------------------

NUMBER_COMMANDS = [
    "/resultats {n}",
    "/evenement modifier {n}",
    "/evenement annuler {n}",
    "/reponses {n}",
    "/fermersondage {n}",
    "/relancer {n}",
    "/avis {n} oui",
    "/promouvoir {n}",
    "/retrograder {n}",
]


@pytest.mark.parametrize("number", [BIG, "-" + BIG, "-5", "0", "9" * 3000])
@pytest.mark.parametrize("command", NUMBER_COMMANDS)
async def test_a_number_out_of_range_is_answered_and_writes_nothing(
    app: CoopApplication, sandbox: Sandbox, services: Services, command: str, number: str
) -> None:
    answer = await refusal(sandbox, services, command.format(n=number))
    assert "n'est pas un numéro possible ici" in answer
    assert str(MAX_ID) not in answer and len(answer) < 300  # no storage limit said
    if number in ("-5", "0", "-" + BIG):
        assert "les numéros commencent à 1" in answer
    else:
        assert "bien trop grand" in answer


@pytest.mark.parametrize("command", ["/results {n}", "/rsvp {n}", "/closepoll {n}", "/promote {n}"])
async def test_the_answer_is_in_english_for_english_speakers(
    app: CoopApplication, sandbox: Sandbox, services: Services, command: str
) -> None:
    await sandbox.send_text(COORDINATOR, "/langue en")
    await sandbox.wait_for_message(COORDINATOR)
    await settle(sandbox)
    answer = await ask(sandbox, COORDINATOR, command.format(n=BIG))
    assert f'"{BIG}" is not a possible number here: it is far too large.' == answer
    assert refused_calls(sandbox) == []


@pytest.mark.parametrize(
    ("command", "usage"),
    [
        ("/resultats ²", "/resultats [numéro du sondage]"),  # a digit for str.isdigit, not int()
        ("/reponses ³", "/reponses NUMÉRO"),
        ("/avis ² oui", "/avis NUMÉRO_ÉVÉNEMENT oui|non"),
        ("/fermersondage douze", "/fermersondage"),
        ("/evenement annuler abc", "/evenement annuler NUMÉRO"),  # not "événement n°abc"
        ("/evenement modifier deux", "/evenement modifier NUMÉRO"),
    ],
)
async def test_something_that_is_not_a_number_gets_the_usage(
    app: CoopApplication, sandbox: Sandbox, services: Services, command: str, usage: str
) -> None:
    assert usage in await refusal(sandbox, services, command)


@pytest.mark.parametrize(
    "line",
    [
        f"terress | visio | Titre | demain 9h | {BIG} jours",
        f"terress | visio | Titre | demain 9h | {BIG}",
        "terress | visio | Titre | demain 9h | " + "9" * 5000,
    ],
)
async def test_a_huge_duration_is_refused_with_its_range(
    app: CoopApplication, sandbox: Sandbox, services: Services, line: str
) -> None:
    answer = await refusal(sandbox, services, f"/evenement {line}"[:4096])
    assert "de 5 minutes à 14 jours" in answer


@pytest.mark.parametrize("close", [f"{BIG}j", BIG, f"{BIG} min"])
async def test_a_huge_closing_delay_is_refused_with_its_range(
    app: CoopApplication, sandbox: Sandbox, services: Services, close: str
) -> None:
    answer = await refusal(sandbox, services, f"/sondage terress close={close} | Q ? | Oui | Non")
    assert "doit aller de 5 minutes à 14 jours" in answer


FORGED = [
    f"rsvp:{BIG}:yes",
    f"ev:ics:{BIG}",
    f"ev:edit:{BIG}",
    f"ev:save:{BIG}",
    f"ev:cancelok:{BIG}",
    f"ev:who:{BIG}",
    f"ev:agics:{BIG}",
    f"fp:ok:{BIG}",
    f"fp:no:{BIG}:l",
    f"polls:csv:{BIG}",
    "polls:csv:²",
    f"bc:{BIG}:x",
    f"bc:{BIG}:set:all",
    "bc:²:x",
    f"bcx:csv:{BIG}",
    f"bcx:cancel:{BIG}",
    f"ob:tz:{BIG}",
    f"grp:link:{BIG}",
    f"evc:duration:{BIG}",
]


@pytest.mark.parametrize("data", FORGED)
async def test_forged_button_data_with_a_huge_number_writes_nothing(
    app: CoopApplication, sandbox: Sandbox, services: Services, data: str
) -> None:
    message = await coordinator_ready(sandbox)
    before = await snapshot(services)
    query = await forge_press(sandbox, COORDINATOR, message, data)
    await sandbox.wait_for_callback_answer(query)
    await settle(sandbox)
    await nothing_went_wrong(sandbox, services, before)


async def test_a_forged_duration_button_in_the_guided_event_is_refused(
    app: CoopApplication, sandbox: Sandbox, services: Services
) -> None:
    await coordinator_ready(sandbox)
    await sandbox.send_text(COORDINATOR, "/evenement")
    await sandbox.wait_for_message(COORDINATOR)
    ask_kind = await press_and_wait(sandbox, COORDINATOR, "evc:project:terress")
    await press_and_wait(sandbox, COORDINATOR, "evc:kind:visioconference", ask_kind)
    await sandbox.send_text(COORDINATOR, "Point d'étape")
    await sandbox.wait_for_message(COORDINATOR)
    await sandbox.send_text(COORDINATOR, "demain 9h")
    confirm = await sandbox.wait_for_message(COORDINATOR)
    durations = await press_and_wait(sandbox, COORDINATOR, "evc:when:yes", confirm)
    before = await snapshot(services)
    query = await forge_press(sandbox, COORDINATOR, durations, f"evc:duration:{BIG}")
    await sandbox.wait_for_callback_answer(query)
    refusal = await sandbox.wait_for_message(COORDINATOR)
    assert "de 5 minutes à 14 jours" in refusal["text"]
    await settle(sandbox)
    assert changed(before, await snapshot(services)) == {}
    # The right button still works.
    query = await sandbox.press_button(COORDINATOR, durations, "evc:duration:60")
    await sandbox.wait_for_callback_answer(query)
    assert "Lien" in (await sandbox.wait_for_message(COORDINATOR))["text"]
    assert refused_calls(sandbox) == []
    no_apology(sandbox)


async def press_and_wait(
    sandbox: Sandbox, user: int, data: str, message: dict[str, Any] | None = None
) -> dict[str, Any]:
    """Press ``data`` on ``message`` (default: the user's last bot message with buttons) and
    return the message the bot then shows (edited or new)."""
    if message is None:
        message = next(m for m in reversed(sandbox.sent_messages(user)) if m.get("reply_markup"))
    mark = sandbox.mark()
    query = await sandbox.press_button(user, message, data)
    await sandbox.wait_for_callback_answer(query)
    return await sandbox.wait_for_message(user, after=mark, include_edits=True)


# -- announcements ------------------------------------------------------------------------------


async def start_announcement(sandbox: Sandbox) -> None:
    await coordinator_ready(sandbox)
    await sandbox.send_text(COORDINATOR, "/annonce")
    assert "Nouvelle annonce" in (await sandbox.wait_for_message(COORDINATOR))["text"]


@pytest.mark.parametrize(
    ("body", "size"),
    [
        ("x" * 10_000, 10_000),
        ("é" * 4097, 4097),
        ("😀" * 2049, 4098),  # 2,049 characters, but 4,098 for Telegram (UTF-16)
        ("<b>" + "&" * 4095 + "</b>", 4102),  # typed as is: the tags are text, & is one character
    ],
)
async def test_an_announcement_too_long_for_telegram_is_refused_at_once(
    app: CoopApplication, sandbox: Sandbox, services: Services, body: str, size: int
) -> None:
    await start_announcement(sandbox)
    before = await snapshot(services)
    answer = await ask(sandbox, COORDINATOR, body)
    assert f"Trop long pour Telegram : {size} caractères, pour 4096 au plus." in answer
    assert changed(before, await snapshot(services)) == {}
    # Still writing it: a shorter one is taken.
    answer = await ask(sandbox, COORDINATOR, "😀" * 2048)
    assert "qui doit la recevoir" in answer
    assert refused_calls(sandbox) == []
    no_apology(sandbox)


async def send_blank(sandbox: Sandbox, user: int, body: str) -> str:
    """A text Telegram's apps would not send (only blanks), as a client of the API could: the
    emulator's ``send_text`` refuses to deliver it."""
    sandbox._deliver_user_message(user, None, {"text": body})
    answer = await sandbox.wait_for_message(user)
    await settle(sandbox)
    return str(answer.get("text") or "")


@pytest.mark.parametrize("body", ["   ", "\n\n \t", "\u00a0"])
async def test_a_blank_announcement_is_refused(
    app: CoopApplication, sandbox: Sandbox, services: Services, body: str
) -> None:
    await start_announcement(sandbox)
    before = await snapshot(services)
    answer = await send_blank(sandbox, COORDINATOR, body)
    assert answer.startswith("Ce texte est vide")
    await nothing_went_wrong(sandbox, services, before)


async def test_a_caption_too_long_for_a_photo_is_refused_with_its_limit(
    app: CoopApplication, sandbox: Sandbox, services: Services
) -> None:
    await start_announcement(sandbox)
    before = await snapshot(services)
    await sandbox.send_photo(COORDINATOR, png(), caption="🌍" * 513)  # 1,026 for Telegram
    answer = (await sandbox.wait_for_message(COORDINATOR))["text"]
    assert "Légende trop longue pour Telegram : 1026 caractères, pour 1024 au plus" in answer
    await settle(sandbox)
    assert changed(before, await snapshot(services)) == {}
    await sandbox.send_photo(COORDINATOR, png(), caption="🌍" * 512)
    assert "qui doit la recevoir" in (await sandbox.wait_for_message(COORDINATOR))["text"]
    await sandbox.send_text(COORDINATOR, "/annonce")  # another one, with a document
    await sandbox.wait_for_message(COORDINATOR)
    await sandbox.send_document(COORDINATOR, "a.txt", b"x", caption="x" * 1025)
    answer = (await sandbox.wait_for_message(COORDINATOR))["text"]
    assert "Légende trop longue pour Telegram : 1025 caractères, pour 1024 au plus" in answer
    await settle(sandbox)
    assert len(await services.db.fetchall("SELECT id FROM broadcasts")) == 1  # the photo's
    assert refused_calls(sandbox) == []
    no_apology(sandbox)


async def test_an_english_coordinator_is_told_in_english(
    app: CoopApplication, sandbox: Sandbox, services: Services
) -> None:
    await sandbox.send_text(COORDINATOR, "/language en")
    await sandbox.wait_for_message(COORDINATOR)
    await sandbox.send_text(COORDINATOR, "/broadcast")
    await sandbox.wait_for_message(COORDINATOR)
    answer = await ask(sandbox, COORDINATOR, "é" * 4097)
    assert answer.startswith("Too long for Telegram: 4097 characters, 4096 at most.")
    assert (await send_blank(sandbox, COORDINATOR, " ")).startswith("This text is empty")
    assert refused_calls(sandbox) == []


async def test_html_like_text_goes_out_as_typed(
    app: CoopApplication, sandbox: Sandbox, services: Services
) -> None:
    await start_announcement(sandbox)
    await ask(sandbox, COORDINATOR, "<b>gras</b> & <i> 1 < 2")
    query = await sandbox.press_button(
        COORDINATOR, sandbox.sent_messages(COORDINATOR)[-1], "bc:1:set:members"
    )
    await sandbox.wait_for_callback_answer(query)
    preview = await sandbox.wait_for_message(
        COORDINATOR, predicate=lambda m: "<b>gras</b>" in m.get("text", "")
    )
    assert preview["text"] == "<b>gras</b> & <i> 1 < 2"
    assert refused_calls(sandbox) == []


async def test_a_link_whose_address_has_quotes_goes_out_as_typed(
    app: CoopApplication, sandbox: Sandbox, services: Services
) -> None:
    url = 'https://x.org/?a=1&b="2"<3>'
    await start_announcement(sandbox)
    text = "Le programme & le lien"
    link = {"type": "text_link", "offset": 17, "length": 4, "url": url}
    await sandbox.send_text(COORDINATOR, text, entities=[link])
    menu = await sandbox.wait_for_message(COORDINATOR)
    query = await sandbox.press_button(COORDINATOR, menu, "bc:1:set:members")
    await sandbox.wait_for_callback_answer(query)
    preview = await sandbox.wait_for_message(COORDINATOR, predicate=lambda m: m["text"] == text)
    assert preview["entities"] == [link]
    assert refused_calls(sandbox) == []
    no_apology(sandbox)


def png() -> bytes:
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(out, format="PNG")
    return out.getvalue()


# -- events and polls: texts that go out later ----------------------------------------------------


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("terress | visio | " + "T" * 121 + " | demain 9h | 1h", "(il en fait 121)"),
        ("terress | visio | " + "😀" * 61 + " | demain 9h | 1h", "(il en fait 122)"),
        ("terress | visio | T | demain 9h | 1h", "(il en fait 1)"),
        (
            "terress | regroupement | Titre | demain 9h | 1h | " + "🏠" * 101,
            "Lieu trop long : 202 caractères, pour 200 au plus.",
        ),
        (
            "terress | visio | Titre | demain 9h | 1h | https://x.org/" + "a" * 500,
            "Lien trop long : 514 caractères, pour 500 au plus.",
        ),
        (
            "terress | visio | Titre | demain 9h | 1h | - | " + "😀" * 1001,
            "Description trop longue : 2002 caractères, pour 2000 au plus.",
        ),
        (
            "terress | visio | Titre | demain 9h | 1h | - | " + "&<b>" * 600,
            "Description trop longue : 2400 caractères, pour 2000 au plus.",
        ),
    ],
)
async def test_event_texts_are_checked_as_telegram_counts(
    app: CoopApplication, sandbox: Sandbox, services: Services, line: str, expected: str
) -> None:
    assert expected in await refusal(sandbox, services, f"/evenement {line}")


async def test_an_event_at_every_limit_goes_out_everywhere(
    app: CoopApplication, sandbox: Sandbox, services: Services, clock: FrozenClock
) -> None:
    """Title, place and description at their longest, in emoji, with HTML-like text: the
    draft, the announcement in the group, the agenda, the reminders and the feedback polls
    after the end all fit."""
    await sandbox.send_text(COORDINATOR, "/liergroupe terress", chat_id=GROUP)
    await sandbox.wait_for_message(GROUP)
    await coordinator_ready(sandbox)
    title = "<b>&amp;" + "😀" * 56  # 120 for Telegram
    description = "<i> & " + "🌍" * 997  # 2,000
    place = "🏠" * 100  # 200
    await saved_event(
        sandbox, f"terress | webinaire | {title} | demain 9h | 1h | {place} | {description}"
    )
    assert len(await services.db.fetchall("SELECT id FROM events")) == 1
    await sandbox.send_text(ALICE, "/agenda", chat_id=GROUP)
    await sandbox.wait_for_message(GROUP)
    await sandbox.send_text(ALICE, "/prochain", chat_id=GROUP)
    await sandbox.wait_for_message(GROUP)
    await settle(sandbox)
    await services.delivery.wait_idle()
    announced = [m for m in sandbox.sent_messages(GROUP) if title in m.get("text", "")]
    assert announced
    clock.advance(timedelta(days=1, hours=1, minutes=5))  # the reminders, then the end
    await services.events.dispatch_due(clock.now())
    await settle(sandbox)
    await services.delivery.wait_idle()
    polls = [m["poll"]["question"] for m in sandbox.sent_messages(GROUP) if "poll" in m]
    assert [q.count("😀") for q in polls] == [56, 56]  # attendance, satisfaction
    assert refused_calls(sandbox) == []
    no_apology(sandbox)


async def test_guided_event_texts_are_checked_before_the_next_step(
    app: CoopApplication, sandbox: Sandbox, services: Services
) -> None:
    await coordinator_ready(sandbox)
    await sandbox.send_text(COORDINATOR, "/evenement")
    await sandbox.wait_for_message(COORDINATOR)
    ask_kind = await press_and_wait(sandbox, COORDINATOR, "evc:project:terress")
    await press_and_wait(sandbox, COORDINATOR, "evc:kind:seminar", ask_kind)
    before = await snapshot(services)
    assert "(il en fait 122)" in await ask(sandbox, COORDINATOR, "😀" * 61)
    assert "Quand ?" in await ask(sandbox, COORDINATOR, "😀" * 60)
    confirm_text = await ask(sandbox, COORDINATOR, "demain 9h")
    assert "C'est bien" in confirm_text
    confirm = sandbox.sent_messages(COORDINATOR)[-1]
    await press_and_wait(sandbox, COORDINATOR, "evc:when:yes", confirm)
    durations = sandbox.sent_messages(COORDINATOR)[-1]
    await press_and_wait(sandbox, COORDINATOR, "evc:duration:60", durations)
    too_long = "Lien trop long : 520 caractères, pour 500 au plus."
    assert too_long in await ask(sandbox, COORDINATOR, "https://x.org/" + "é" * 506)
    assert "Lieu ?" in await ask(sandbox, COORDINATOR, "https://visio.example.org/x")
    assert "Lieu trop long : 201 caractères" in await ask(sandbox, COORDINATOR, "x" * 201)
    assert "Nombre de places ?" in await ask(sandbox, COORDINATOR, "Dakar & <Thiès>")
    assert "nombre entier de 1 à 100 000" in await ask(sandbox, COORDINATOR, "100001")
    assert "Pour qui ?" in await ask(sandbox, COORDINATOR, "30")
    await nothing_went_wrong(sandbox, services, before)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "terress | " + "🤔" * 151 + " ? | Oui | Non",
            "La question doit faire de 1 à 300 caractères (elle en fait 304).",
        ),
        (
            "terress | Q ? | Oui | " + "👍" * 51,
            "est trop longue : 102 caractères, pour 100 au plus.",
        ),
        (
            "terress | Q ? | Oui | " + "x" * 3900,
            "est trop longue : 3900 caractères, pour 100 au plus.",
        ),
        (
            "terress | Q ? | " + " | ".join(str(n) for n in range(13)),
            "Telegram accepte au plus 12 réponses possibles.",
        ),
        ("terress | Q ? | Oui", "Il faut au moins 2 réponses possibles."),
        ("terress | Q ? | Oui |   | Non", "Une des réponses est vide"),
    ],
)
async def test_poll_texts_are_checked_as_telegram_counts(
    app: CoopApplication, sandbox: Sandbox, services: Services, line: str, expected: str
) -> None:
    answer = await refusal(sandbox, services, f"/sondage {line}")
    assert expected in answer and len(answer) < 1000  # the problem, then the usage


async def test_guided_poll_texts_are_checked_at_once(
    app: CoopApplication, sandbox: Sandbox, services: Services
) -> None:
    await coordinator_ready(sandbox)
    await sandbox.send_text(COORDINATOR, "/sondage")
    await sandbox.wait_for_message(COORDINATOR)
    if "Pour quel projet ?" in sandbox.sent_messages(COORDINATOR)[-1]["text"]:
        await ask(sandbox, COORDINATOR, "Terr'ESS")
    before = await snapshot(services)
    assert "(elle en fait 302)" in await ask(sandbox, COORDINATOR, "🤔" * 151)
    await ask(sandbox, COORDINATOR, "🤔" * 150)
    assert "102 caractères, pour 100 au plus" in await ask(sandbox, COORDINATOR, "👍" * 51)
    assert "Une des réponses est vide" in await send_blank(sandbox, COORDINATOR, "  ")
    await ask(sandbox, COORDINATOR, "👍" * 50)
    await ask(sandbox, COORDINATOR, "<b> & </b>")
    await nothing_went_wrong(sandbox, services, before)


# -- presses: who may write what ------------------------------------------------------------------


async def members(services: Services) -> dict[int, tuple[int, int]]:
    rows = await services.db.fetchall("SELECT user_id, private_chat, reachable FROM members")
    return {row[0]: (row[1], row[2]) for row in rows}


async def test_a_stranger_answering_in_a_group_is_not_marked_reachable_in_private(
    app: CoopApplication, sandbox: Sandbox, services: Services
) -> None:
    sandbox.user_joins(GROUP, CAROL)
    await sandbox.send_text(COORDINATOR, "/liergroupe terress", chat_id=GROUP)
    await sandbox.wait_for_message(GROUP)
    await saved_event(sandbox)
    await services.delivery.wait_idle()
    card = next(m for m in sandbox.sent_messages(GROUP) if "rsvp:1:yes" in str(m))
    query = await sandbox.press_button(CAROL, card, "rsvp:1:yes")
    answer = await sandbox.wait_for_callback_answer(query)
    assert "ouvrez une conversation avec moi" in answer["text"]
    await settle(sandbox)
    assert (await members(services))[CAROL] == (0, 1)  # known, not reachable in private
    assert [r.answer for r in await services.events.repo.rsvps(1)] == ["yes"]
    assert refused_calls(sandbox) == []


async def test_refused_presses_write_nothing(
    app: CoopApplication, sandbox: Sandbox, services: Services
) -> None:
    sandbox.user_joins(GROUP, CAROL)
    await sandbox.send_text(COORDINATOR, "/liergroupe", chat_id=GROUP)
    links = await sandbox.wait_for_message(GROUP)
    await link_group(services, "terress")  # the poll must reach someone (audit item 4)
    await send_poll_line(sandbox, "/sondage terress | groupes | Q ? | Oui | Non")
    await sandbox.send_text(COORDINATOR, "/resultats 1", chat_id=GROUP)
    results = await sandbox.wait_for_message(GROUP, predicate=lambda m: "reply_markup" in m)
    await settle(sandbox)
    before = await snapshot(services)
    presses: list[tuple[int, dict[str, Any], str]] = [
        (CAROL, links, "grp:link:terress"),
        (BOB, links, "grp:link:coopr"),
        (CAROL, results, "polls:csv:1"),
        (CAROL, results, "rsvp:1:yes"),  # forged: there is no event n°1
        (CAROL, results, "ev:ics:7"),
        (CAROL, results, "ev:who:1"),
        (CAROL, results, "ob:lang:fr"),
        (CAROL, results, "fp:ok:2001"),
        (CAROL, results, "bc:1:x"),
        (CAROL, results, "evc:kind:webinar"),
    ]
    for user, message, data in presses:
        if data in str(message):
            query = await sandbox.press_button(user, message, data)
        else:
            query = await forge_press(sandbox, user, message, data)
        answer = await sandbox.wait_for_callback_answer(query)
        await settle(sandbox)
        assert changed(before, await snapshot(services)) == {}, data
        if data.startswith(("grp:", "polls:", "ev:who", "fp:")):
            assert "coordinat" in (answer["text"] or ""), data
    assert refused_calls(sandbox) == []
    no_apology(sandbox)


async def test_a_press_in_someone_elses_private_chat_does_not_register_the_presser(
    app: CoopApplication, sandbox: Sandbox, services: Services
) -> None:
    await sandbox.send_text(ALICE, "/start")
    screen = await sandbox.wait_for_message(ALICE)
    await settle(sandbox)
    before = await snapshot(services)
    for data in ("ob:lang:en", "rsvp:1:yes", "evc:kind:webinar", "priv:forget:yes"):
        query = await forge_press(sandbox, CAROL, screen, data)
        await sandbox.wait_for_callback_answer(query)
        await settle(sandbox)
    assert CAROL not in await members(services)
    assert changed(before, await snapshot(services)) == {}
    assert refused_calls(sandbox) == []


async def test_old_buttons_after_forget_do_not_register_again(
    app: CoopApplication, sandbox: Sandbox, services: Services
) -> None:
    await sandbox.send_text(ALICE, "/start")
    screen = await sandbox.wait_for_message(ALICE)
    await sandbox.send_text(ALICE, "/oubli")
    confirm = await sandbox.wait_for_message(ALICE)
    query = await sandbox.press_button(ALICE, confirm, "priv:forget:yes")
    await sandbox.wait_for_callback_answer(query)
    await settle(sandbox)
    assert ALICE not in await members(services)
    before = await snapshot(services)
    query = await sandbox.press_button(ALICE, screen, "ob:lang:fr")
    answer = await sandbox.wait_for_callback_answer(query)
    assert "envoyez /start" in answer["text"]
    for data in ("rsvp:3:yes", "evc:kind:webinar", "ev:ics:3", "priv:forget:yes"):
        query = await forge_press(sandbox, ALICE, screen, data)
        await sandbox.wait_for_callback_answer(query)
        await settle(sandbox)
    assert changed(before, await snapshot(services)) == {}
    assert ALICE not in await members(services)
    assert refused_calls(sandbox) == []
    no_apology(sandbox)


# -- private chats the bot cannot write to ---------------------------------------------------


async def group_agenda(sandbox: Sandbox) -> dict[str, Any]:
    sandbox.user_joins(GROUP, CAROL)
    await sandbox.send_text(COORDINATOR, "/liergroupe terress", chat_id=GROUP)
    await sandbox.wait_for_message(GROUP)
    await saved_event(sandbox)
    await sandbox.send_text(ALICE, "/agenda", chat_id=GROUP)
    agenda = await sandbox.wait_for_message(GROUP, predicate=lambda m: "ev:ics:1" in str(m))
    await settle(sandbox)
    return agenda


@pytest.mark.parametrize("data", ["ev:ics:1", "ev:agics:terress"])
async def test_a_calendar_for_someone_without_a_private_chat_gets_a_note(
    app: CoopApplication, sandbox: Sandbox, services: Services, data: str
) -> None:
    agenda = await group_agenda(sandbox)
    before = await snapshot(services)
    query = await sandbox.press_button(CAROL, agenda, data)
    answer = await sandbox.wait_for_callback_answer(query)
    assert answer["show_alert"] is True
    assert "Je ne peux pas vous écrire en privé" in answer["text"] and "/start" in answer["text"]
    await settle(sandbox)
    assert sandbox.calls("sendDocument") == []  # not even tried: Telegram would refuse
    await nothing_went_wrong(sandbox, services, before)


async def test_a_calendar_for_someone_who_blocked_the_bot_gets_a_note(
    app: CoopApplication, sandbox: Sandbox, services: Services
) -> None:
    agenda = await group_agenda(sandbox)
    await sandbox.send_text(BOB, "/start")
    await sandbox.wait_for_message(BOB)
    sandbox.block_bot(BOB)
    await settle(sandbox)
    deadline = asyncio.get_running_loop().time() + 30
    while (await members(services))[BOB] != (1, 0):  # learnt from the my_chat_member update
        if asyncio.get_running_loop().time() > deadline:
            break
        await asyncio.sleep(0.02)
    assert (await members(services))[BOB] == (1, 0)
    query = await sandbox.press_button(BOB, agenda, "ev:ics:1")
    answer = await sandbox.wait_for_callback_answer(query)
    assert "I cannot write to you in private" in answer["text"]
    await settle(sandbox)
    assert sandbox.calls("sendDocument") == []
    assert refused_calls(sandbox) == []


async def test_when_telegram_refuses_the_private_chat_the_roster_learns_it(
    app: CoopApplication, sandbox: Sandbox, services: Services
) -> None:
    agenda = await group_agenda(sandbox)
    await sandbox.send_text(BOB, "/start")
    await sandbox.wait_for_message(BOB)
    await settle(sandbox)
    fault = sandbox.inject_fault("sendDocument", Fault.blocked(), chat_id=BOB)
    query = await sandbox.press_button(BOB, agenda, "ev:ics:1")
    answer = await sandbox.wait_for_callback_answer(query)
    assert "I cannot write to you in private" in answer["text"]
    await settle(sandbox)
    assert fault.hits == 1
    assert (await members(services))[BOB] == (1, 0)
    assert [c.method for c in sandbox.calls() if not c.ok and c.method != "getUpdates"] == [
        "sendDocument"
    ]
    no_apology(sandbox)


async def test_answers_asked_in_a_group_by_a_coordinator_without_private_chat(
    app: CoopApplication, sandbox: Sandbox, services: Services
) -> None:
    await saved_event(sandbox)
    sandbox.block_bot(COORDINATOR)
    await settle(sandbox)
    reply = await ask(sandbox, COORDINATOR, "/reponses 1", chat=GROUP)
    assert "Je ne peux pas vous écrire en privé" in reply and "/start" in reply
    assert refused_calls(sandbox) == []
    no_apology(sandbox)


async def test_csv_button_for_a_coordinator_without_private_chat(
    app: CoopApplication, sandbox: Sandbox, services: Services
) -> None:
    await link_group(services, "terress")  # the poll must reach someone (audit item 4)
    await send_poll_line(sandbox, "/sondage terress | groupes | Q ? | Oui | Non")
    await sandbox.send_text(COORDINATOR, "/resultats 1", chat_id=GROUP)
    results = await sandbox.wait_for_message(GROUP, predicate=lambda m: "reply_markup" in m)
    sandbox.block_bot(COORDINATOR)
    await settle(sandbox)
    query = await sandbox.press_button(COORDINATOR, results, "polls:csv:1")
    answer = await sandbox.wait_for_callback_answer(query)
    assert "/start" in answer["text"] and answer["show_alert"] is True
    await settle(sandbox)
    assert sandbox.calls("sendDocument") == []
    assert refused_calls(sandbox) == []


# -- anything else typed -----------------------------------------------------------------------

LONG = "é" * 4000


@pytest.mark.parametrize(
    ("user", "chat", "command"),
    [
        (ALICE, None, f"/promouvoir {BIG}"),  # not a coordinator: refused first
        (COORDINATOR, None, f"/promouvoir @{LONG}"),
        (COORDINATOR, None, f"/retrograder {LONG}"),
        (COORDINATOR, None, f"/evenement modifier {LONG}"),
        (COORDINATOR, None, f"/evenement annuler {LONG}"),
        (COORDINATOR, None, f"/avis 1 {LONG}"),
        (COORDINATOR, None, f"/resultats {LONG}"),
        (ALICE, None, f"/fuseau UTC+{BIG}"),
        (ALICE, None, f"/fuseau -{BIG}"),
        (ALICE, None, "/langue <b>"),
        (ALICE, None, "/quiest & <b>"),
        (ALICE, None, f"/membres {BIG} {BIG}"),
        (ALICE, None, f"/agenda {BIG} ics"),
        (ALICE, None, f"/prochain {LONG}"),
        (ALICE, None, f"/start p-{BIG}"),
        (ALICE, None, f"/start {LONG}"),
        (ALICE, None, f"le {BIG}e regroupement ?"),
        (ALICE, None, f"/question & <b> {BIG} </i>"),
        (ALICE, GROUP, f"/resultats {BIG}"),
        (COORDINATOR, GROUP, f"/reponses {BIG}"),
        (COORDINATOR, GROUP, f"/liergroupe {BIG}"),
        (COORDINATOR, GROUP, f"/fuseau +{BIG}"),
        (COORDINATOR, None, f"/noninscrits {BIG}"),
        (COORDINATOR, None, f"/manquants {BIG}"),
        (COORDINATOR, None, f"/pointsfocaux {LONG}"),
    ],
)
async def test_other_bad_input_gets_a_short_answer(
    app: CoopApplication,
    sandbox: Sandbox,
    services: Services,
    user: int,
    chat: int | None,
    command: str,
) -> None:
    await coordinator_ready(sandbox)
    before = await snapshot(services)
    answer = await ask(sandbox, user, command[:4096], chat)
    assert 0 < len(answer) < 2500
    after = await snapshot(services)
    # Only the speaker's own profile may appear (Alice writing in private for the first time).
    assert set(changed(before, after)) <= {"members", "onboarding"}
    assert refused_calls(sandbox) == []
    no_apology(sandbox)


# -- dates at the ends of the calendar, durations ------------------------------------------------


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        ("/evenement terress | visio | Titre | 0001-01-01 00:00 | 1h", "déjà passée"),
        ("/evenement terress | visio | Titre | 9999-12-31 23:59 | 1h", "plus de trois ans"),
        ("/evenement terress | visio | Titre | demain 9h | -5", "de 5 minutes à 14 jours"),
        ("/sondage terress close=0001-01-01 00:00 | Q ? | Oui | Non", "déjà passé"),
        ("/sondage terress close=9999-12-31 23:59 | Q ? | Oui | Non", "close="),
    ],
)
async def test_dates_at_the_ends_of_the_calendar_are_refused(
    app: CoopApplication, sandbox: Sandbox, services: Services, command: str, expected: str
) -> None:
    assert expected in await refusal(sandbox, services, command)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("0001-01-01 00:00", "Ce moment est déjà passé"),
        ("9999-12-31 23:59", "Je n'ai pas compris cette date"),
        (f"01/12/{BIG} 9h", "Je n'ai pas compris cette date"),
    ],
)
async def test_an_announcement_time_at_the_ends_of_the_calendar_is_refused(
    app: CoopApplication, sandbox: Sandbox, services: Services, typed: str, expected: str
) -> None:
    await start_announcement(sandbox)
    await ask(sandbox, COORDINATOR, "Bonjour")
    menu = sandbox.sent_messages(COORDINATOR)[-1]
    query = await sandbox.press_button(COORDINATOR, menu, "bc:1:set:members")
    await sandbox.wait_for_callback_answer(query)
    summary = await sandbox.wait_for_message(
        COORDINATOR, predicate=lambda m: "bc:1:sched" in str(m)
    )
    await press_and_wait(sandbox, COORDINATOR, "bc:1:sched", summary)
    await settle(sandbox)
    before = await snapshot(services)
    assert expected in await ask(sandbox, COORDINATOR, typed)
    await nothing_went_wrong(sandbox, services, before)


async def test_results_of_a_poll_written_in_emoji_fit_in_a_caption(
    app: CoopApplication, sandbox: Sandbox, services: Services
) -> None:
    """Question and answers at their longest, in emoji (2 characters each for Telegram): the
    results and the chart's caption are cut as Telegram counts, when asked and at closing."""
    await sandbox.send_text(COORDINATOR, "/liergroupe terress", chat_id=GROUP)
    await sandbox.wait_for_message(GROUP)
    options = " | ".join(f"{n:02d}" + "👍" * 49 for n in range(12))
    await send_poll_line(sandbox, "/sondage terress | " + "🤔" * 149 + " ? | " + options)
    poll = await sandbox.wait_for_message(GROUP, predicate=lambda m: "poll" in m)
    await sandbox.vote(ALICE, poll["poll"]["id"], [0])
    await sandbox.send_text(COORDINATOR, "/resultats 1")
    await sandbox.wait_for_message(COORDINATOR, predicate=lambda m: "photo" in m)
    await sandbox.send_text(COORDINATOR, "/fermersondage 1")
    await sandbox.wait_for_message(GROUP, predicate=lambda m: "photo" in m)
    await settle(sandbox)
    await services.delivery.wait_idle()
    assert refused_calls(sandbox) == []
    no_apology(sandbox)


# -- the terminal ---------------------------------------------------------------------------------


@pytest.fixture
def terminal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """``coopbot`` in-process on a fresh database."""
    for name in ("COOPBOT_CONFIG", "COOPBOT_DATA__PATH"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COOPBOT_TELEGRAM__TOKEN", "4242:TEST-token")
    monkeypatch.setenv("COOPBOT_STORAGE__PATH", str(tmp_path / "terminal.sqlite3"))
    return tmp_path


@pytest.mark.parametrize(
    ("argv", "maximum"),
    [
        (["polls", "results", BIG], MAX_ID),
        (["polls", "export", "-3"], MAX_ID),
        (["polls", "list", "--limit", BIG], "1000"),
        (["broadcast", "--report", BIG], MAX_ID),
        (["broadcast", "--cancel", "0"], MAX_ID),
        (["broadcast", "--list", "--limit", "-5"], "1000"),
        (["events", "cancel", "²"], MAX_ID),
        (["backup", "backups", "--keep", "0"], "100000"),
    ],
)
def test_the_terminal_refuses_numbers_out_of_range(
    terminal: Path, capsys: pytest.CaptureFixture[str], argv: list[str], maximum: str
) -> None:
    with pytest.raises(SystemExit) as exited:
        main(argv)
    assert exited.value.code == 2
    assert f"is not a whole number from 1 to {maximum}" in capsys.readouterr().err
    assert not (terminal / "terminal.sqlite3").exists()


def test_a_roster_import_refuses_ids_sqlite_cannot_store(
    terminal: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = f"user_id,first_name\n{BIG},X\n²,Y\n-5,Z\n12,A\n"
    (terminal / "roster.csv").write_text(rows, encoding="utf-8")
    assert main(["members", "import", "roster.csv"]) == 1
    err = capsys.readouterr().err
    for line, value in ((2, BIG), (3, "²"), (4, "-5")):
        assert f"ligne {line} : user_id « {value} » n'est pas un identifiant Telegram" in err
    assert "3 problèmes : rien n'a été importé" in err
