"""The screens of onboarding (/start) and of the profile (/me): text and rows of buttons, in
the person's language. :class:`bot.onboarding.OnboardingService` decides which step comes and
gathers what it shows (the person, the countries, the organisations, the zones); here it
becomes words and buttons. Knows nothing of Telegram: a :class:`Screen` holds rows of
``(label, callback data)`` that handlers/start.py turns into a keyboard."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.i18n import Catalogue, Safe, escape
from bot.knowledge.lexicon import french_article_class
from bot.render.buttons import Onboard

PREFIX = Onboard.PREFIX
STEPS = ("language", "projects", "role", "country", "organisation", "timezone", "consent")
CODES = {
    "language": "lang",
    "projects": "proj",
    "role": "role",
    "country": "ctry",
    "organisation": "org",
    "timezone": "tz",
    "consent": "cons",
}
STEP_OF = {code: step for step, code in CODES.items()}
# Reserved values start with "*": ids of the knowledge base are slugs and never do.
SKIP, DONE, BACK, NONE, RESTART = "*skip", "*done", "*back", "*none", "*restart"
FOCAL, PARTICIPANT = "focal_point", "participant"

Row = tuple[tuple[str, str], ...]


def data(step: str, value: str) -> str:
    """Callback data for a step's button (at most 64 bytes: ids are short slugs)."""
    return Onboard(CODES.get(step, step), value).encode()


@dataclass(frozen=True)
class Screen:
    """A message to show: HTML text and rows of (label, callback data) buttons."""

    text: str
    rows: tuple[Row, ...] = ()


@dataclass(frozen=True)
class Profile:
    """What /me shows, as plain values (names already in the reader's language)."""

    name: str
    username: str | None
    language: str | None
    projects: Sequence[str]
    role: str  # member, focal_point, coordinator...
    focal_status: str | None
    organisation: str | None
    country: str | None
    timezone: str | None
    local_time: str
    default_timezone: str
    listed: bool


class OnboardingRender:
    def __init__(self, catalogue: Catalogue) -> None:
        self.catalogue = catalogue

    def t(self, lang: str, key: str, /, **params: object) -> str:
        return self.catalogue.t(lang, f"members.{key}", **params)

    def _skip(self, lang: str, step: str) -> tuple[str, str]:
        return (self.t(lang, "buttons.skip"), data(step, SKIP))

    # -- around the steps ---------------------------------------------------------------------

    def welcome(self, lang: str, name: str, screen: Screen) -> Screen:
        return Screen(self.t(lang, "start.welcome", name=name) + "\n\n" + screen.text, screen.rows)

    def welcome_back(self, lang: str, profile: Screen) -> Screen:
        return Screen(self.t(lang, "start.welcome_back") + "\n\n" + profile.text, profile.rows)

    def finished(self, lang: str, profile: Screen) -> Screen:
        return Screen(self.t(lang, "onboarding.finished") + "\n\n" + profile.text, profile.rows)

    # -- the steps ----------------------------------------------------------------------------

    def language(self, lang: str) -> Screen:
        step = "language"
        return Screen(
            self.t(lang, "onboarding.language"),
            (
                (("Français", data(step, "fr")), ("English", data(step, "en"))),
                (self._skip(lang, step),),
            ),
        )

    def projects(self, lang: str, projects: Sequence[tuple[str, str]], chosen: set[str]) -> Screen:
        """``projects``: (id, short name); the chosen ones are ticked."""
        step = "projects"
        rows = tuple(
            ((("✅ " if pid in chosen else "▫️ ") + name, data(step, pid)),)
            for pid, name in projects
        )
        return Screen(
            self.t(lang, "onboarding.projects"),
            (*rows, ((self.t(lang, "buttons.done"), data(step, DONE)),)),
        )

    def role(self, lang: str) -> Screen:
        step = "role"
        return Screen(
            self.t(lang, "onboarding.role"),
            (
                ((self.t(lang, "buttons.focal_point"), data(step, FOCAL)),),
                ((self.t(lang, "buttons.participant"), data(step, PARTICIPANT)),),
                (self._skip(lang, step),),
            ),
        )

    def country(self, lang: str, countries: Sequence[tuple[str, str]], *, focal: bool) -> Screen:
        """``countries``: (id, name in ``lang``)."""
        step = "country"
        buttons = [(name, data(step, cid)) for cid, name in countries]
        key = "onboarding.country_focal" if focal else "onboarding.country"
        return Screen(self.t(lang, key), (*_pairs(buttons), (self._skip(lang, step),)))

    def organisation(
        self,
        lang: str,
        country: str,
        organisations: Sequence[tuple[str, str]],
        *,
        focal: bool,
    ) -> Screen:
        """``organisations``: (id, name in ``lang``) in ``country`` (its name)."""
        step = "organisation"
        rows = tuple(((name, data(step, oid)),) for oid, name in organisations)
        extra: list[Row] = []
        if not focal:
            extra.append(((self.t(lang, "buttons.no_organisation"), data(step, NONE)),))
        extra.append(
            ((self.t(lang, "buttons.other_country"), data(step, BACK)), self._skip(lang, step)),
        )
        key = "onboarding.organisation_focal" if focal else "onboarding.organisation"
        return Screen(self.t(lang, key, country=country), (*rows, *extra))

    def timezone(
        self,
        lang: str,
        zones: Sequence[tuple[str, str]],
        *,
        current: str | None,
        local_time: str,
    ) -> Screen:
        """``zones``: (zone, its offset now, as ``UTC+1``); ``current``: the person's zone."""
        step = "timezone"
        buttons = [(f"{_city(z)} ({offset})", data(step, z)) for z, offset in zones]
        text = self.t(lang, "onboarding.timezone_none")
        if current:
            text = self.t(lang, "onboarding.timezone_current", zone=current, time=local_time)
        return Screen(
            self.t(lang, "onboarding.timezone", current=Safe(text)),
            (*((b,) for b in buttons), (self._skip(lang, step),)),
        )

    def consent(self, lang: str) -> Screen:
        step = "consent"
        return Screen(
            self.t(lang, "onboarding.consent"),
            (
                (
                    (self.t(lang, "buttons.consent_yes"), data(step, "yes")),
                    (self.t(lang, "buttons.consent_no"), data(step, "no")),
                ),
                (self._skip(lang, step),),
            ),
        )

    # -- /me ------------------------------------------------------------------------------------

    def profile(self, lang: str, profile: Profile) -> Screen:
        return Screen(self.describe(lang, profile), self.profile_buttons(lang))

    def profile_buttons(self, lang: str) -> tuple[Row, ...]:
        def go(step: str) -> str:
            return Onboard("go", step).encode()

        return (
            (
                (self.t(lang, "buttons.edit_language"), go("language")),
                (self.t(lang, "buttons.edit_projects"), go("projects")),
            ),
            (
                (self.t(lang, "buttons.edit_role"), go("role")),
                (self.t(lang, "buttons.edit_timezone"), go("timezone")),
            ),
            (
                (self.t(lang, "buttons.edit_consent"), go("consent")),
                (self.t(lang, "buttons.restart"), go(RESTART)),
            ),
        )

    def describe(self, lang: str, p: Profile) -> str:
        unset = self.t(lang, "profile.unset")
        if p.focal_status is not None and p.organisation is not None:
            status = self.t(lang, f"profile.focal_{p.focal_status}")
            grammar = french_article_class(p.organisation, p.organisation)
            # "de l'Association…", "du Conseil…", not "de Association…"
            of = self.t(lang, f"common.of.{grammar}", name=p.organisation)
            role_text = self.t(lang, "profile.role_focal", of=Safe(of), status=status)
            if p.role == "coordinator":
                role_text = self.t(lang, "roles.coordinator") + " · " + role_text
        else:
            role_text = escape(self.t(lang, f"roles.{p.role}"))
        if p.timezone:
            zone_text = self.t(lang, "profile.zone", zone=p.timezone, time=p.local_time)
        else:
            zone_text = self.t(lang, "profile.zone_default", zone=p.default_timezone)
        return self.t(
            lang,
            "profile.text",
            name=p.name,
            username=f"@{p.username}" if p.username else unset,
            language=self.t(lang, f"languages.{p.language}") if p.language else unset,
            projects=", ".join(p.projects) or unset,
            role=Safe(role_text),
            organisation=p.organisation or unset,
            country=p.country or unset,
            timezone=Safe(zone_text),
            directory=self.t(lang, "profile.listed" if p.listed else "profile.unlisted"),
        )


def _pairs(buttons: list[tuple[str, str]]) -> tuple[Row, ...]:
    return tuple(tuple(buttons[i : i + 2]) for i in range(0, len(buttons), 2))


def _city(name: str) -> str:
    return name.rsplit("/", 1)[-1].replace("_", " ")
