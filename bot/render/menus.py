"""The command menus Telegram shows beside the text field: one per language for everyone, and
a longer one in each coordinator's private chat (``BotCommandScopeChat``)."""

from __future__ import annotations

from telegram import BotCommand

from bot.i18n import Catalogue

# Command menu: (command per language, message id of its description). French is the default
# menu (no language_code); each language gets its own names.
MENU: list[tuple[dict[str, str], str]] = [
    ({"fr": "aide", "en": "help"}, "core.commands.help"),
    ({"fr": "projets", "en": "projects"}, "core.commands.projects"),
    ({"fr": "projet", "en": "project"}, "core.commands.project"),
    ({"fr": "membres", "en": "members"}, "core.commands.members"),
    ({"fr": "actions", "en": "actions"}, "core.commands.actions"),
    ({"fr": "question", "en": "ask"}, "core.commands.ask"),
    ({"fr": "agenda", "en": "agenda"}, "core.commands.agenda"),
    ({"fr": "prochain", "en": "next"}, "core.commands.next"),
    ({"fr": "pointsfocaux", "en": "focalpoints"}, "core.commands.focalpoints"),
    ({"fr": "quiest", "en": "whois"}, "members.commands.whois"),
    ({"fr": "sondages", "en": "polls"}, "core.commands.polls"),
    ({"fr": "resultats", "en": "results"}, "core.commands.results"),
    ({"fr": "bourse", "en": "exchange"}, "exchange.commands.exchange"),  # issue 18
    ({"fr": "offre", "en": "offer"}, "core.commands.offer"),
    ({"fr": "autodiagnostic", "en": "selfassessment"}, "core.commands.autodiagnostic"),
    ({"fr": "moi", "en": "me"}, "core.commands.me"),
    ({"fr": "langue", "en": "language"}, "core.commands.language"),
    ({"fr": "fuseau", "en": "timezone"}, "core.commands.timezone"),
    ({"fr": "mesdonnees", "en": "mydata"}, "core.commands.mydata"),
    ({"fr": "oubli", "en": "forget"}, "core.commands.forget"),
    ({"fr": "annuler", "en": "cancel"}, "core.commands.cancel"),
    ({"fr": "start", "en": "start"}, "core.commands.start"),
]


# Added to the menu of each coordinator's private chat (BotCommandScopeChat).
COORDINATOR_MENU: list[tuple[dict[str, str], str]] = [
    ({"fr": "evenement", "en": "event"}, "core.commands.coord_event"),
    ({"fr": "sondage", "en": "poll"}, "core.commands.coord_poll"),
    ({"fr": "annonce", "en": "broadcast"}, "core.commands.coord_broadcast"),
    ({"fr": "rapport", "en": "report"}, "core.commands.coord_report"),
    ({"fr": "suivi", "en": "progress"}, "core.commands.coord_progress"),
]


def menu(catalogue: Catalogue, lang: str, *, coordinator: bool = False) -> list[BotCommand]:
    entries = [*COORDINATOR_MENU, *MENU] if coordinator else MENU
    return [BotCommand(names[lang], catalogue.t(lang, key)) for names, key in entries]
