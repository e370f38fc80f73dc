"""Issue 16's findings that had no regression test of their own (the checklist:
/work/audit/issue16_checklist.md): end to end through the emulator, and the terminal through
``bot.cli.main`` as the other CLI tests. Also the configuration's refusals, which were English
in a French terminal: said through the data checker's translation of pydantic's errors."""

from __future__ import annotations

import html
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.cli import main
from bot.clock import FrozenClock
from bot.context import CoopApplication
from bot.i18n import Catalogue, format_date, plain_text
from bot.sandbox import Sandbox
from bot.services import Services
from bot.settings import ConfigError, load_settings
from tests.broadcast.conftest import choose, compose, confirm
from tests.conftest import ALICE, BOB, COORDINATOR, GROUP
from tests.roster import Someone, add_people

JSON = dict[str, Any]


def plain(message: JSON) -> str:
    return html.unescape(message.get("text") or message.get("caption") or "")


async def ask(sandbox: Sandbox, user: int, text: str) -> str:
    after = sandbox.mark()
    await sandbox.send_text(user, text)
    return plain(await sandbox.wait_for_message(user, after=after))


# -- "Times of Dakar" ----------------------------------------------------------------------------


async def test_the_agenda_names_the_readers_zone_in_good_english_and_french(
    app: CoopApplication, sandbox: Sandbox
) -> None:
    """Issue 16: an English reader in Dakar read "Times of Dakar." under /agenda."""
    assert "Dakar" in await ask(sandbox, BOB, "/timezone Dakar")
    agenda = await ask(sandbox, BOB, "/agenda")
    assert "Times shown in Dakar time." in agenda, agenda
    assert "Times of" not in agenda
    assert "Dakar" in await ask(sandbox, ALICE, "/fuseau Dakar")
    agenda = await ask(sandbox, ALICE, "/agenda")
    assert "Heures de Dakar." in agenda and "Times" not in agenda, agenda


# -- "Les 1 membre(s)" ---------------------------------------------------------------------------


async def send_poll(sandbox: Sandbox, line: str) -> int:
    """A one-line /sondage previewed, then sent with its first button; its number."""
    after = sandbox.mark()
    await sandbox.send_text(COORDINATOR, line)
    preview = await sandbox.wait_for_message(COORDINATOR, after=after)
    [send] = [
        b["callback_data"]
        for row in preview["reply_markup"]["inline_keyboard"]
        for b in row
        if b.get("callback_data", "").startswith("polls:line:send:")
    ]
    await sandbox.press_button(COORDINATOR, preview, send)
    sent = await sandbox.wait_for_message(
        COORDINATOR, after=after, include_edits=True, predicate=lambda m: "n° " in m["text"]
    )
    return int(plain(sent).split("n° ")[1].split()[0])


async def test_one_member_already_reminded_is_said_in_the_singular(
    app: CoopApplication, services: Services, sandbox: Sandbox
) -> None:
    """Issue 16: "Les 1 membre(s) dont l'organisation n'a pas répondu… ont déjà été
    relancés"."""
    await add_people(
        services,
        sandbox,
        [
            Someone(COORDINATOR, "Claire", "fr", "fr", None, "coordinator"),
            Someone(BOB, "Bob", "en", "sn", "cd-bambey"),
        ],
    )
    now = services.clock.now()
    await services.members.repo.upsert_group(GROUP, "Terr'ESS", "group", now)
    await services.members.repo.link_group(GROUP, "terress", COORDINATOR, now)
    number = await send_poll(sandbox, "/sondage terress groupes | Utile ? | Oui | Non")
    first = await ask(sandbox, COORDINATOR, f"/relancer {number}")
    assert "envoyée en privé à 1 membre de 1 organisation qui" in first, first
    again = await ask(sandbox, COORDINATOR, f"/relancer {number}")
    assert again == (
        f"Le membre dont l'organisation n'a pas répondu au sondage n° {number} a déjà été"
        " relancé : une seule relance par sondage."
    ), again


# -- "(les 1 dernières)" -------------------------------------------------------------------------


async def test_a_single_announcement_is_the_latest_not_the_1_latest(
    app: CoopApplication, services: Services, sandbox: Sandbox
) -> None:
    """Issue 16: /annonces with one announcement said "(les 1 dernières)"."""
    await add_people(services, sandbox, [Someone(COORDINATOR, "Claire", "fr", "fr", None)])
    menu = await compose(sandbox, "Bonjour à tous")
    await confirm(sandbox, await choose(sandbox, menu, "Tout le monde"))
    await services.delivery.wait_idle()
    listing = await ask(sandbox, COORDINATOR, "/annonces")
    assert listing.startswith("📣 Annonces (la dernière)"), listing
    assert "(les 1" not in listing


# -- configuration errors in the terminal's language ----------------------------------------------


@pytest.fixture
def bare(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """A terminal in an empty folder: no configuration file, no COOPBOT_ variable."""
    monkeypatch.chdir(tmp_path)
    for key in ("COOPBOT_CONFIG", "COOPBOT_TELEGRAM__TOKEN", "COOPBOT_DEFAULT_LANGUAGE"):
        monkeypatch.delenv(key, raising=False)
    return tmp_path


def refused(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    """``coopbot ARGV`` stopped by its configuration: its one line (exit code 2)."""
    with pytest.raises(SystemExit) as stopped:
        main(list(argv))
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("coopbot: "), err
    return err.removeprefix("coopbot: ").strip()


def data(lang: str, key: str, **params: object) -> str:
    """The data checker's message ``refusals.data.<key>``: the one the settings reuse."""
    return plain_text(Catalogue.bundled().t(lang, f"refusals.data.{key}", **params))


# (variable, value) -> what the French terminal says, then the English one
CASES = [
    (
        ("COOPBOT_TELEGRAM__POLL_TIMEOUT", "x"),
        "configuration non valide : telegram.poll_timeout : " + data("fr", "int_type"),
        "invalid configuration: telegram.poll_timeout: " + data("en", "int_type"),
    ),
    (
        ("COOPBOT_TELEGRAM__POLL_TIMEOUT", "99"),
        "configuration non valide : telegram.poll_timeout : doit valoir au plus 60",
        "invalid configuration: telegram.poll_timeout: must be at most 60",
    ),
    (
        ("COOPBOT_STORAGE__COLOUR", "red"),
        "configuration non valide : storage.colour : " + data("fr", "extra_forbidden"),
        "invalid configuration: storage.colour: " + data("en", "extra_forbidden"),
    ),
    (
        ("COOPBOT_DEFAULT_TIMEZONE", "Mars/Olympus"),
        "configuration non valide : default_timezone : fuseau horaire IANA inconnu"
        " « Mars/Olympus »",
        "invalid configuration: default_timezone: unknown IANA time zone “Mars/Olympus”",
    ),
    (
        ("COOPBOT_REMINDERS__OFFSETS", '["7x"]'),
        "configuration non valide : reminders.offsets : décalage non valide « 7x » (un nombre"
        " puis d, h ou m : 7d, 1h, 30m, 0m)",
        'invalid configuration: reminders.offsets: invalid offset "7x" (a number then d, h'
        " or m: 7d, 1h, 30m, 0m)",
    ),
    (
        ("COOPBOT_TELEGRAM__LISTEN", "partout"),
        "configuration non valide : telegram.listen : « partout » n'est pas de la forme"
        " HÔTE:PORT (par exemple 127.0.0.1:8080)",
        'invalid configuration: telegram.listen: "partout" is not HOST:PORT (e.g. 127.0.0.1:8080)',
    ),
    (
        ("COOPBOT_TELEGRAM__WEBHOOK_URL", "ftp:x"),
        "configuration non valide : telegram.webhook_url : « ftp:x » n'est pas une adresse"
        " comme https://bot.example.org/telegram",
        'invalid configuration: telegram.webhook_url: "ftp:x" is not a URL such as'
        " https://bot.example.org/telegram",
    ),
]


@pytest.mark.parametrize(("setting", "french", "english"), CASES)
def test_an_invalid_setting_is_said_in_the_terminals_language(
    bare: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    setting: tuple[str, str],
    french: str,
    english: str,
) -> None:
    """Issue 16: "invalid configuration: telegram.poll_timeout: Input should be a valid
    integer, unable to parse string as an integer" in a French terminal."""
    monkeypatch.setenv(*setting)
    assert refused(capsys, "events", "list") == french
    monkeypatch.setenv("COOPBOT_DEFAULT_LANGUAGE", "en")  # the language the settings ask for
    assert refused(capsys, "events", "list") == english
    (bare / "config.toml").write_text('default_language = "en"\n', encoding="utf-8")
    monkeypatch.delenv("COOPBOT_DEFAULT_LANGUAGE")  # ... in the file, as well
    assert refused(capsys, "events", "list") == english
    assert not (bare / "coopbot.sqlite3").exists()


def test_an_invalid_language_is_answered_in_french_with_the_possible_values(
    bare: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("COOPBOT_DEFAULT_LANGUAGE", "de")
    said = refused(capsys, "events", "list")
    assert said == "configuration non valide : default_language : " + data(
        "fr", "expected", expected="fr | en"
    ), said


def test_the_missing_token_the_missing_file_and_a_syntax_error_in_both_languages(
    bare: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    said = refused(capsys, "run")
    assert said.startswith("telegram.token : manquant, et nécessaire pour parler à Telegram")
    monkeypatch.setenv("COOPBOT_DEFAULT_LANGUAGE", "en")
    assert refused(capsys, "run").startswith("telegram.token: missing, and needed to talk")
    assert refused(capsys, "--config", "absent.toml", "events", "list") == (
        "config file not found: absent.toml"
    )
    (bare / "broken.toml").write_text("[telegram\n", encoding="utf-8")
    monkeypatch.delenv("COOPBOT_DEFAULT_LANGUAGE")
    assert refused(capsys, "--config", "broken.toml", "events", "list") == (
        "fichier de configuration broken.toml : erreur de syntaxe TOML ligne 1, colonne 10"
        " (vérifiez les guillemets, les signes = et les crochets)"
    )
    assert refused(capsys, "--config", "absent.toml", "events", "list") == (
        "fichier de configuration introuvable : absent.toml"
    )


def test_a_variable_that_is_not_json_and_an_unreadable_file_are_one_line(
    bare: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # Both ended in a traceback (exit 1): pydantic-settings' own SettingsError, an OSError.
    monkeypatch.setenv("COOPBOT_REMINDERS__OFFSETS", "1d,0m")
    assert refused(capsys, "events", "list") == (
        "COOPBOT_REMINDERS__OFFSETS : une valeur JSON est attendue"
        ' (une liste s\'écrit ["1d", "0m"] ou [111, 222])'
    )
    monkeypatch.delenv("COOPBOT_REMINDERS__OFFSETS")
    monkeypatch.setenv("COOPBOT_COORDINATORS", "[111, x]")
    assert refused(capsys, "events", "list").startswith("COOPBOT_COORDINATORS : une valeur JSON")
    monkeypatch.delenv("COOPBOT_COORDINATORS")
    (bare / "folder.toml").mkdir()
    assert refused(capsys, "--config", "folder.toml", "events", "list") == (
        "fichier de configuration illisible : folder.toml"
        " (un dossier, des droits insuffisants, ou pas en UTF-8)"
    )


def test_several_problems_stay_one_line_and_the_exception_reads_english(
    bare: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Logs and tracebacks read the exception's own text, its English; :meth:`text` says it
    in the reader's language."""
    monkeypatch.setenv("COOPBOT_TELEGRAM__POLL_TIMEOUT", "x")
    monkeypatch.setenv("COOPBOT_DELIVERY__MAX_ATTEMPTS", "0")
    with pytest.raises(ConfigError) as caught:
        load_settings()
    error = caught.value
    assert error.lang == "fr"
    assert (
        str(error)
        == error.text("en")
        == (
            "invalid configuration: telegram.poll_timeout: a whole number is expected;"
            " delivery.max_attempts: must be at least 1"
        )
    )
    assert error.text("fr") == (
        "configuration non valide : telegram.poll_timeout : un nombre entier est attendu ;"
        " delivery.max_attempts : doit valoir au moins 1"
    )


# -- "mardi 1 décembre" --------------------------------------------------------------------------


async def test_the_first_of_the_month_is_an_ordinal_in_a_reply(
    app: CoopApplication, sandbox: Sandbox, clock: FrozenClock
) -> None:
    """Issue 16: an event on the first of a month read "mardi 1 décembre"."""
    first = (clock.now() + timedelta(days=40)).replace(day=1)  # the first of a coming month
    typed = f"{first:%d/%m/%Y} 14h"
    draft = await ask(
        sandbox, COORDINATOR, f"/evenement terress | webinaire | Point | {typed} | 90"
    )
    assert "Vérifiez avant d'enregistrer" in draft, draft
    day = format_date(first, "fr").split(" 1er ")[0]  # "mardi"
    assert f"{day} 1er " in draft and f"{day} 1 " not in draft, draft


def test_a_bad_run_option_is_one_line_in_the_terminals_language(
    bare: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("COOPBOT_TELEGRAM__TOKEN", "1:abcdefgh")
    assert refused(capsys, "run", "--listen", "nope") == (
        "option --listen non valide : « nope » n'est pas de la forme HÔTE:PORT"
        " (par exemple 127.0.0.1:8080)"
    )
    monkeypatch.setenv("COOPBOT_DEFAULT_LANGUAGE", "en")
    assert refused(capsys, "run", "--webhook", "ftp:x") == (
        'invalid option --webhook: "ftp:x" is not a URL such as https://bot.example.org/telegram'
    )
