"""Onboarding (/start in private) and the profile (/me): buttons only, one step at a time.

Steps: language -> projects -> role (focal point or participant) -> country -> organisation
-> time zone -> directory consent. Every step has a "skip" button and can be redone later from
/me. The person's step is kept in SQLite (table ``onboarding``), and every button carries the
step it answers (``ob:<step>:<value>``), so an old message still works after a restart and
nobody is ever trapped: free text is never captured here (it goes to the question handler).

In ``flow`` mode (/start) each answer leads to the next step; in ``single`` mode (a button of
/me, /language without argument) the answer ends with the profile, except that choosing a
role goes on to the country and the organisation.

This module knows nothing of Telegram: it gathers what each step shows and hands it to
:class:`bot.render.onboarding.OnboardingRender`, which makes the :class:`Screen` (text and
button rows of ``(label, callback data)``) that handlers send.
"""

from __future__ import annotations

from bot.directory import DirectoryService, organisation_name
from bot.i18n import LANGUAGES, Catalogue
from bot.members import MembersService
from bot.render.buttons import Onboard
from bot.render.onboarding import (
    BACK,
    DONE,
    FOCAL,
    NONE,
    PARTICIPANT,
    RESTART,
    SKIP,
    STEP_OF,
    STEPS,
    OnboardingRender,
    Profile,
    Screen,
)
from bot.storage.members import Member, OnboardingState
from bot.timezones import is_valid
from bot.zone_search import format_offset, offset_of


class OnboardingService:
    def __init__(
        self, members: MembersService, directory: DirectoryService, catalogue: Catalogue
    ) -> None:
        self.members = members
        self.directory = directory
        self.catalogue = catalogue
        self.render = OnboardingRender(catalogue)

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
            return self.render.welcome_back(lang, profile)
        elif state is None and _prepared(member):
            step = "consent"  # a coordinator imported the rest: only they can answer this one
        await self._save(user_id, step, "flow", state)
        screen = await self.screen(user_id, telegram_lang, step)
        first = step == "language" or (state is None and step == "consent")
        return self.render.welcome(lang, member.first_name, screen) if first else screen

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
        pressed = Onboard.decode(payload)
        if pressed is None:
            return None
        code, value = pressed.code, pressed.value
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
        focal = state is not None and state.intent == FOCAL
        kb = self.members.kb
        render = self.render
        if step == "language":
            return render.language(lang)
        if step == "projects":
            projects = [(p.id, p.short_name) for p in kb.projects.values()]
            return render.projects(lang, projects, set(member.projects))
        if step == "role":
            return render.role(lang)
        if step == "country":
            countries = self.directory.countries_with_organisations(member.projects)
            return render.country(lang, [(c.id, c.name.get(lang)) for c in countries], focal=focal)
        if step == "organisation":
            country_id = (state.country_id if state else None) or member.country_id
            country = kb.countries.get(country_id or "")
            if country is None:
                return await self.screen(user_id, telegram_lang, "country")
            orgs = self.directory.organisations_for(country.id, member.projects)
            return render.organisation(
                lang,
                country.name.get(lang),
                [(o.id, organisation_name(o, lang)) for o in orgs],
                focal=focal,
            )
        if step == "timezone":
            country_id = state.country_id if state is not None else None
            zones = self.members.proposed_zones(member, country_id)
            if member.timezone and member.timezone not in zones:
                zones = [*zones, member.timezone]
            now = self.members.now()
            return render.timezone(
                lang,
                [(z, format_offset(offset_of(z, now))) for z in zones[:6]],
                current=member.timezone,
                local_time=self.members.local_time(member, lang) if member.timezone else "",
            )
        if step == "consent":
            return render.consent(lang)
        return await self.profile(user_id, telegram_lang)

    async def _finished(self, user_id: int, telegram_lang: str | None, mode: str) -> Screen:
        profile = await self.profile(user_id, telegram_lang)
        if mode != "flow":
            return profile
        member = await self._member(user_id)
        lang = self.members.language_of(member, telegram_lang)
        return self.render.finished(lang, profile)

    async def profile(self, user_id: int, telegram_lang: str | None) -> Screen:
        """/me: what the bot knows about the person, with buttons to change it."""
        member = await self._member(user_id)
        lang = self.members.language_of(member, telegram_lang)
        return self.render.profile(lang, self.facts(member, lang))

    def facts(self, member: Member, lang: str) -> Profile:
        """What /me shows about ``member``, names in ``lang``."""
        kb = self.members.kb
        org = kb.organisations.get(member.organisation_id or "")
        country = kb.countries.get(member.country_id or "")
        return Profile(
            name=member.display_name,
            username=member.username,
            language=member.language,
            projects=[
                kb.projects[p].short_name if p in kb.projects else p for p in member.projects
            ],
            role=self.members.role_of(member),
            focal_status=member.focal_status,
            organisation=organisation_name(org, lang) if org else None,
            country=country.name.get(lang) if country else None,
            timezone=member.timezone,
            local_time=self.members.local_time(member, lang) if member.timezone else "",
            default_timezone=self.members.settings.default_timezone,
            listed=member.directory_consent,
        )


def _prepared(member: Member) -> bool:
    """A profile filled by a coordinator's import (language, zone, projects, organisation)
    before the person ever wrote: the sign-up asks only what the import cannot know."""
    return bool(member.language and member.timezone and member.projects and member.organisation_id)
