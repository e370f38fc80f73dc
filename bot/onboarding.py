"""Onboarding (/start in private) and the profile (/me): buttons only, one step at a time.

Steps: language -> projects -> role (focal point or participant) -> country -> organisation
-> time zone -> directory consent. Every step has a "skip" button and can be redone later from
/me. The person's step is kept in SQLite (table ``onboarding``), and every button carries the
step it answers (``ob:<step>:<value>``), so an old message still works after a restart and
nobody is ever trapped: free text is never captured here (it goes to the question handler).

In ``flow`` mode (/start) each answer leads to the next step; in ``single`` mode (a button of
/me, /language without argument) the answer ends with the profile, except that choosing a
role goes on to the country and the organisation.

This module knows nothing of Telegram: it returns :class:`Screen` objects (text and button
rows of ``(label, callback data)``) that handlers render.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.directory import DirectoryService, organisation_name
from bot.i18n import LANGUAGES, Catalogue, Safe, escape
from bot.members import MembersService
from bot.storage.members import Member, OnboardingState
from bot.timezones import is_valid
from bot.zone_search import format_offset, offset_of

PREFIX = "ob"
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


def data(step: str, value: str) -> str:
    """Callback data for a step's button (at most 64 bytes: ids are short slugs)."""
    return f"{PREFIX}:{CODES.get(step, step)}:{value}"


@dataclass(frozen=True)
class Screen:
    """A message to show: HTML text and rows of (label, callback data) buttons."""

    text: str
    rows: tuple[tuple[tuple[str, str], ...], ...] = ()


class OnboardingService:
    def __init__(
        self, members: MembersService, directory: DirectoryService, catalogue: Catalogue
    ) -> None:
        self.members = members
        self.directory = directory
        self.catalogue = catalogue

    def t(self, lang: str, key: str, /, **params: object) -> str:
        return self.catalogue.t(lang, f"members.{key}", **params)

    # -- entry points -----------------------------------------------------------------------

    async def start(
        self, user_id: int, telegram_lang: str | None, *, project: str | None = None
    ) -> Screen:
        """/start in private: resume or begin the flow; a finished profile is shown instead."""
        member = await self._member(user_id)
        state = await self.members.onboarding(user_id)
        if project is not None and project in self.members.kb.projects:
            await self.members.add_project(user_id, project)
            member = await self._member(user_id)
        lang = self.members.language_of(member, telegram_lang)
        step = "language"
        if state is not None and state.mode == "flow" and state.step in STEPS:
            step = state.step  # resume where they were
        elif state is not None and state.completed:
            profile = await self.profile(user_id, telegram_lang)
            return Screen(self.t(lang, "start.welcome_back") + "\n\n" + profile.text, profile.rows)
        await self._save(user_id, step, "flow", state)
        intro = self.t(lang, "start.welcome", name=member.first_name) if step == "language" else ""
        screen = await self.screen(user_id, telegram_lang, step)
        return Screen((intro + "\n\n" + screen.text) if intro else screen.text, screen.rows)

    async def edit(self, user_id: int, telegram_lang: str | None, step: str) -> Screen:
        """Redo one step (a button of /me, or /language without argument)."""
        if step == RESTART:
            await self._save(user_id, "language", "flow", await self.members.onboarding(user_id))
            return await self.screen(user_id, telegram_lang, "language")
        if step not in STEPS:
            return await self.profile(user_id, telegram_lang)
        await self._save(user_id, step, "single", await self.members.onboarding(user_id))
        return await self.screen(user_id, telegram_lang, step)

    async def press(self, user_id: int, telegram_lang: str | None, payload: str) -> Screen | None:
        """A button ``ob:<code>:<value>`` was pressed; None if the data is not ours."""
        parts = payload.split(":", 2)
        if len(parts) != 3 or parts[0] != PREFIX:
            return None
        code, value = parts[1], parts[2]
        if code == "go":
            return await self.edit(user_id, telegram_lang, value)
        step = STEP_OF.get(code)
        if step is None:
            return None
        if not self._known(step, value):  # an old or forged button: shown again, nothing written
            return await self.screen(user_id, telegram_lang, step)
        state = await self.members.onboarding(user_id)
        mode = state.mode if state is not None else "single"
        next_step = await self._apply(user_id, step, value, state)
        if next_step == step:  # e.g. a project toggled: same step again
            return await self.screen(user_id, telegram_lang, step)
        if next_step is None:
            next_step = self._next(step, mode, value)
        state = await self.members.onboarding(user_id)
        if next_step == "done":
            await self._save(user_id, "done", mode, state, completed=mode == "flow")
            return await self._finished(user_id, telegram_lang, mode)
        await self._save(user_id, next_step, mode, state)
        return await self.screen(user_id, telegram_lang, next_step)

    def _known(self, step: str, value: str) -> bool:
        """Whether ``value`` can be an answer to ``step`` (one of the buttons it shows)."""
        if value in (SKIP, DONE, BACK, NONE):
            return True
        kb = self.members.kb
        return {
            "language": lambda: value in LANGUAGES,
            "projects": lambda: value in kb.projects,
            "role": lambda: value in (FOCAL, PARTICIPANT),
            "country": lambda: value in kb.countries,
            "organisation": lambda: value in kb.organisations,
            "timezone": lambda: is_valid(value),
            "consent": lambda: value in ("yes", "no"),
        }[step]()

    # -- transitions ------------------------------------------------------------------------

    def _next(self, step: str, mode: str, value: str) -> str:
        if step == "country" and value == SKIP:
            return "timezone" if mode == "flow" else "done"
        if mode == "single":
            return {"role": "country", "country": "organisation"}.get(step, "done")
        index = STEPS.index(step)
        return STEPS[index + 1] if index + 1 < len(STEPS) else "done"

    async def _apply(
        self, user_id: int, step: str, value: str, state: OnboardingState | None
    ) -> str | None:
        """Record the answer; returns the next step when it is not the usual one."""
        intent = state.intent if state is not None else None
        country = state.country_id if state is not None else None
        members = self.members
        kb = members.kb
        if value == SKIP:
            return None
        if step == "language" and value in LANGUAGES:
            await members.set_language(user_id, value)
        elif step == "projects":
            if value == DONE:
                return None
            if value in kb.projects:
                await members.toggle_project(user_id, value)
            return "projects"
        elif step == "role" and value in (FOCAL, PARTICIPANT):
            if value == PARTICIPANT:
                await members.drop_focal_claim(user_id)
            await self._save(user_id, step, self._mode(state), state, intent=value)
        elif step == "country":
            if value in kb.countries:
                await self._save(user_id, step, self._mode(state), state, country_id=value)
        elif step == "organisation":
            if value == BACK:
                return "country"
            member = await self._member(user_id)
            if value == NONE:
                await members.set_organisation(user_id, None, country or member.country_id)
            elif value in kb.organisations:
                focal = intent == FOCAL or (intent is None and member.focal_status is not None)
                if focal:
                    await members.claim_focal_point(user_id, value)
                else:
                    await members.set_organisation(user_id, value, None)
        elif step == "timezone" and is_valid(value):
            await members.set_timezone(user_id, value)
        elif step == "consent" and value in ("yes", "no"):
            await members.set_consent(user_id, value == "yes")
        return None

    @staticmethod
    def _mode(state: OnboardingState | None) -> str:
        return state.mode if state is not None else "single"

    async def _save(
        self,
        user_id: int,
        step: str,
        mode: str,
        state: OnboardingState | None,
        *,
        intent: str | None = None,
        country_id: str | None = None,
        completed: bool = False,
    ) -> None:
        await self.members.save_onboarding(
            user_id,
            step=step,
            mode=mode,
            intent=intent or (state.intent if state is not None else None),
            country_id=country_id or (state.country_id if state is not None else None),
            completed=completed,
        )

    async def _member(self, user_id: int) -> Member:
        member = await self.members.get(user_id)
        if member is None:
            raise LookupError(f"no member {user_id}")
        return member

    # -- screens ----------------------------------------------------------------------------

    async def screen(self, user_id: int, telegram_lang: str | None, step: str) -> Screen:
        member = await self._member(user_id)
        lang = self.members.language_of(member, telegram_lang)
        state = await self.members.onboarding(user_id)
        skip = (self.t(lang, "buttons.skip"), data(step, SKIP))
        kb = self.members.kb
        if step == "language":
            return Screen(
                self.t(lang, "onboarding.language"),
                (
                    (("Français", data(step, "fr")), ("English", data(step, "en"))),
                    (skip,),
                ),
            )
        if step == "projects":
            rows = tuple(
                (
                    (
                        ("✅ " if p.id in member.projects else "▫️ ") + p.short_name,
                        data(step, p.id),
                    ),
                )
                for p in kb.projects.values()
            )
            return Screen(
                self.t(lang, "onboarding.projects"),
                (*rows, ((self.t(lang, "buttons.done"), data(step, DONE)),)),
            )
        if step == "role":
            return Screen(
                self.t(lang, "onboarding.role"),
                (
                    ((self.t(lang, "buttons.focal_point"), data(step, FOCAL)),),
                    ((self.t(lang, "buttons.participant"), data(step, PARTICIPANT)),),
                    (skip,),
                ),
            )
        if step == "country":
            countries = self.directory.countries_with_organisations(member.projects)
            buttons = [(c.name.get(lang), data(step, c.id)) for c in countries]
            focal = state is not None and state.intent == FOCAL
            key = "onboarding.country_focal" if focal else "onboarding.country"
            return Screen(self.t(lang, key), (*_pairs(buttons), (skip,)))
        if step == "organisation":
            country_id = (state.country_id if state else None) or member.country_id
            country = kb.countries.get(country_id or "")
            if country is None:
                return await self.screen(user_id, telegram_lang, "country")
            orgs = self.directory.organisations_for(country.id, member.projects)
            rows = tuple(((organisation_name(o, lang), data(step, o.id)),) for o in orgs)
            focal = state is not None and state.intent == FOCAL
            extra: list[tuple[tuple[str, str], ...]] = []
            if not focal:
                extra.append(((self.t(lang, "buttons.no_organisation"), data(step, NONE)),))
            extra.append(
                ((self.t(lang, "buttons.other_country"), data(step, BACK)), skip),
            )
            key = "onboarding.organisation_focal" if focal else "onboarding.organisation"
            return Screen(self.t(lang, key, country=country.name.get(lang)), (*rows, *extra))
        if step == "timezone":
            country_id = state.country_id if state is not None else None
            zones = self.members.proposed_zones(member, country_id)
            if member.timezone and member.timezone not in zones:
                zones = [*zones, member.timezone]
            now = self.members.now()
            buttons = [
                (
                    f"{_city(z)} ({format_offset(offset_of(z, now))})",
                    data(step, z),
                )
                for z in zones[:6]
            ]
            current = self.t(lang, "onboarding.timezone_none")
            if member.timezone:
                current = self.t(
                    lang,
                    "onboarding.timezone_current",
                    zone=member.timezone,
                    time=self.members.local_time(member, lang),
                )
            return Screen(
                self.t(lang, "onboarding.timezone", current=Safe(current)),
                (*((b,) for b in buttons), (skip,)),
            )
        if step == "consent":
            return Screen(
                self.t(lang, "onboarding.consent"),
                (
                    (
                        (self.t(lang, "buttons.consent_yes"), data(step, "yes")),
                        (self.t(lang, "buttons.consent_no"), data(step, "no")),
                    ),
                    (skip,),
                ),
            )
        return await self.profile(user_id, telegram_lang)

    async def _finished(self, user_id: int, telegram_lang: str | None, mode: str) -> Screen:
        profile = await self.profile(user_id, telegram_lang)
        if mode != "flow":
            return profile
        member = await self._member(user_id)
        lang = self.members.language_of(member, telegram_lang)
        return Screen(self.t(lang, "onboarding.finished") + "\n\n" + profile.text, profile.rows)

    async def profile(self, user_id: int, telegram_lang: str | None) -> Screen:
        """/me: what the bot knows about the person, with buttons to change it."""
        member = await self._member(user_id)
        lang = self.members.language_of(member, telegram_lang)
        return Screen(self.describe(member, lang), self.profile_buttons(lang))

    def profile_buttons(self, lang: str) -> tuple[tuple[tuple[str, str], ...], ...]:
        go = f"{PREFIX}:go:"
        return (
            (
                (self.t(lang, "buttons.edit_language"), go + "language"),
                (self.t(lang, "buttons.edit_projects"), go + "projects"),
            ),
            (
                (self.t(lang, "buttons.edit_role"), go + "role"),
                (self.t(lang, "buttons.edit_timezone"), go + "timezone"),
            ),
            (
                (self.t(lang, "buttons.edit_consent"), go + "consent"),
                (self.t(lang, "buttons.restart"), go + RESTART),
            ),
        )

    def describe(self, member: Member, lang: str) -> str:
        kb = self.members.kb
        unset = self.t(lang, "profile.unset")
        projects = ", ".join(
            kb.projects[p].short_name if p in kb.projects else p for p in member.projects
        )
        org = kb.organisations.get(member.organisation_id or "")
        country = kb.countries.get(member.country_id or "")
        role = self.members.role_of(member)
        if member.focal_status is not None and org is not None:
            status = self.t(lang, f"profile.focal_{member.focal_status}")
            role_text = self.t(
                lang, "profile.role_focal", organisation=organisation_name(org, lang), status=status
            )
            if role == "coordinator":
                role_text = self.t(lang, "roles.coordinator") + " · " + role_text
        else:
            role_text = escape(self.t(lang, f"roles.{role}"))
        if member.timezone:
            zone_text = self.t(
                lang,
                "profile.zone",
                zone=member.timezone,
                time=self.members.local_time(member, lang),
            )
        else:
            zone_text = self.t(
                lang,
                "profile.zone_default",
                zone=self.members.settings.default_timezone,
            )
        return self.t(
            lang,
            "profile.text",
            name=member.display_name,
            username=f"@{member.username}" if member.username else unset,
            language=self.t(lang, f"languages.{member.language}") if member.language else unset,
            projects=projects or unset,
            role=Safe(role_text),
            organisation=organisation_name(org, lang) if org else unset,
            country=country.name.get(lang) if country else unset,
            timezone=Safe(zone_text),
            directory=self.t(
                lang, "profile.listed" if member.directory_consent else "profile.unlisted"
            ),
        )


def _pairs(buttons: list[tuple[str, str]]) -> tuple[tuple[tuple[str, str], ...], ...]:
    return tuple(tuple(buttons[i : i + 2]) for i in range(0, len(buttons), 2))


def _city(name: str) -> str:
    return name.rsplit("/", 1)[-1].replace("_", " ")
