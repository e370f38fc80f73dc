"""Issue 16's leftovers, end to end through the emulator: the guided /sondage refuses a poll
to nobody exactly like the one-line form, and a mistyped sub-command gets "did you mean" with
the usage, in one message."""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from bot.clock import FrozenClock
from bot.context import CoopApplication
from bot.knowledge.loader import default_data_dir
from bot.sandbox import Sandbox
from bot.services import Services
from bot.settings import DataSettings, Settings
from bot.storage.polls import NewPoll
from tests.conftest import COORDINATOR, GROUP, started

JSON = dict[str, Any]


def plain(message: JSON) -> str:
    return html.unescape(message.get("text") or message.get("caption") or "")


async def say(
    sandbox: Sandbox, text: str, *, user: int = COORDINATOR, chat: int | None = None
) -> str:
    """``text`` typed by ``user`` (in private, or in ``chat``): the one reply, as plain text;
    a second message would fail (one message per error)."""
    where = chat if chat is not None else user
    after = sandbox.mark()
    await sandbox.send_text(user, text, chat_id=chat)
    reply = await sandbox.wait_for_message(where, after=after)
    await sandbox.expect_no_message(where, after=sandbox.mark(), within=0.3)
    return plain(reply)


# -- the guided /sondage and nobody ------------------------------------------------------------


GUIDED = [
    ("/sondage", "Pour quel projet"),
    ("Terr'ESS", "Quelle est la question"),
    ("Quel format préférez-vous ?", "une par message"),
    ("Atelier", "Réponse 1 ajoutée"),
    ("Webinaire", "Réponse 2 ajoutée"),
    ("✅ Terminé", "Une seule réponse par personne"),
    ("Une seule réponse", "Vote nominatif"),
    ("Nominatif", "Où l'envoyer"),
]


async def test_the_guided_poll_refuses_to_send_to_nobody(
    app: CoopApplication, services: Services, sandbox: Sandbox
) -> None:
    for typed, expected in GUIDED:
        said = await say(sandbox, typed)
        assert expected in said, (typed, said)
    # No group follows Terr'ESS, no member wrote in private: refused, asked again, one message.
    said = await say(sandbox, "Groupes liés seulement")
    assert "n'atteindrait personne" in said and "/liergroupe terress" in said, said
    assert said.rstrip().endswith("Où l'envoyer ?"), said
    said = await say(sandbox, "En privé seulement")
    assert "n'atteindrait personne" in said, said
    # A group linked (as a coordinator does it, in the group): now the poll may go.
    await sandbox.send_text(COORDINATOR, "/liergroupe terress", chat_id=GROUP)
    await sandbox.wait_for_message(GROUP)
    assert "Quand le clore" in await say(sandbox, "Groupes liés seulement")
    assert "On l'envoie" in await say(sandbox, "Dans 7 jours")
    # The group unlinked before "Envoyer": refused at the last step too, nothing sent.
    await sandbox.send_text(COORDINATOR, "/delier", chat_id=GROUP)
    await sandbox.wait_for_message(GROUP, predicate=lambda m: "plus le canal" in plain(m))
    said = await say(sandbox, "✅ Envoyer")
    assert "n'atteindrait personne" in said and "Où l'envoyer" in said, said
    assert await services.polls.recent() == []
    assert not [m for m in sandbox.sent_messages(GROUP) if m.get("poll")]
    # Linked again, chosen again: sent to the group.
    await sandbox.send_text(COORDINATOR, "/liergroupe terress", chat_id=GROUP)
    await sandbox.wait_for_message(GROUP, predicate=lambda m: "maintenant le canal" in plain(m))
    assert "Quand le clore" in await say(sandbox, "Groupes liés seulement")
    assert "On l'envoie" in await say(sandbox, "Dans 7 jours")
    assert "envoyé" in await say(sandbox, "✅ Envoyer")
    assert len(await services.polls.recent()) == 1


async def test_the_guided_poll_in_english_says_so_in_english(
    app: CoopApplication, sandbox: Sandbox
) -> None:
    await say(sandbox, "/langue en")
    steps = ["/poll", "Terr'ESS", "Which format?", "Workshop", "Webinar", "✅ Done",
             "One answer", "Named"]  # fmt: skip
    for typed in steps:
        await say(sandbox, typed)
    said = await say(sandbox, "Linked groups only")
    assert "would reach nobody" in said and "/linkgroup terress" in said, said
    assert said.rstrip().endswith("Where should it go?"), said


# -- sub-command typos -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "meant", "usage"),
    [
        ("/evenement modifer 1", "/evenement modifier 1", "/evenement annuler NUMÉRO"),
        ("/evenement anuler 4", "/evenement annuler 4", "/evenement modifier NUMÉRO"),
        ("/event edti 2", "/event edit 2", "/evenement modifier NUMÉRO"),
        ("/bourse atente", "/bourse attente", "/bourse suivre MOTS"),
        ("/bourse suivr eau", "/bourse suivre eau", "/bourse mes"),
        ("/pointsfocaux en_atente", "/pointsfocaux en_attente", "/pointsfocaux [projet] [pays]"),
        ("/relancer autodiagnotic", "/relancer autodiagnostic", "/relancer autodiagnostic QUEST"),
        (
            "/autodiagnostic rechager",
            "/autodiagnostic recharger",
            "/autodiagnostic [questionnaire]",
        ),
        ("/avis 3 desactivr", "/avis 3 desactiver", "/avis NUMÉRO_ÉVÉNEMENT oui|non"),
        ("/agenda terress icss", "/agenda terress ics", "/agenda [projet] ics"),
        ("/agenda calendrir", "/agenda calendrier", "/agenda [projet] ics"),
        ("/langue englsh", "/langue english", "/langue fr"),
    ],
)
async def test_a_mistyped_sub_command_gets_did_you_mean_with_the_usage(
    app: CoopApplication, sandbox: Sandbox, typed: str, meant: str, usage: str
) -> None:
    said = await say(sandbox, typed)  # one message
    assert f"Vouliez-vous dire {meant} ?" in said, said
    assert usage in said, said


async def test_the_suggestion_keeps_the_rest_and_speaks_english(
    app: CoopApplication, services: Services, sandbox: Sandbox
) -> None:
    form = sorted(services.forms.forms)[0]
    said = await say(sandbox, f"/suivi {form} echance 15 mars")
    assert f"Vouliez-vous dire /suivi {form} echeance 15 mars ?" in said, said
    assert "Nouvelle échéance" in said, said
    await say(sandbox, "/langue en")
    said = await say(sandbox, "/exchange pendng")
    assert "Did you mean /exchange pending?" in said and "Usage: /exchange" in said, said
    # Not a typo of a sub-command: the answers as before (a filter word, an unknown command).
    assert "Did you mean" not in await say(sandbox, "/exchange zzzz")
    assert "Did you mean /poll?" in await say(sandbox, "/pol")


# -- /recharger: the data checker's problems in the reader's language ------------------------------


async def test_recharger_says_the_problems_of_the_files_in_the_readers_language(
    sandbox: Sandbox, settings: Settings, clock: FrozenClock, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    shutil.copytree(default_data_dir(), data, ignore=shutil.ignore_patterns("__*"))
    projects = data / "projects.toml"
    text = projects.read_text(encoding="utf-8")
    projects.write_text(
        text.replace("period_start_year = 2023", "period_start_year = 'deux'", 1).replace(
            'short_name = "COOP\'R"', 'short_name = "COOP\'R"\nfundr = "x"', 1
        ),
        encoding="utf-8",
    )
    configured = settings.model_copy(update={"data": DataSettings(path=data)})
    english = re.compile(r"Input should|Field required|unknown field|Extra inputs|valid integer")
    async with started(configured, clock):
        said = await say(sandbox, "/recharger")
        assert "projects.toml [coopr] period_start_year : un nombre entier est attendu" in said
        assert "projects.toml [coopr] fundr : champ inconnu (faute de frappe ?)" in said, said
        assert not english.search(said), said
        await say(sandbox, "/langue en")
        said = await say(sandbox, "/reload")
        assert "projects.toml [coopr] period_start_year: a whole number is expected" in said
        assert "fundr: unknown field (typo?)" in said and "champ" not in said, said


async def test_closing_a_poll_without_its_number_is_one_message_with_the_open_ones(
    app: CoopApplication, services: Services, sandbox: Sandbox
) -> None:
    await sandbox.send_text(COORDINATOR, "/liergroupe terress", chat_id=GROUP)
    await sandbox.wait_for_message(GROUP)
    for question in ("Quel format ?", "Quelle date ?"):
        poll = NewPoll(question, ("A", "B"), project_id="terress", to_private=False)
        await services.polls.create(poll)
    said = await say(sandbox, "/fermersondage")  # one message
    assert "Utilisation : /fermersondage NUMÉRO" in said and "Sondages ouverts" in said, said
    assert "Quel format ?" in said and "Quelle date ?" in said, said


async def test_a_mistyped_option_of_the_one_line_poll_is_suggested(
    app: CoopApplication, sandbox: Sandbox
) -> None:
    said = await say(sandbox, "/sondage mutli terress | Quel format ? | Atelier | Webinaire")
    assert "Vouliez-vous dire : « multi terress » ?" in said, said
    assert "Pour lancer un sondage en une ligne" in said, said  # the usage, same message
    said = await say(sandbox, "/sondage coper | Quel format ? | Atelier | Webinaire")
    assert "« COOP'R »" in said, said  # a misspelt project still gets the project
