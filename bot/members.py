"""Members service: the roster the bot builds, roles, language and time zone of each person."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from bot.clock import Clock
from bot.i18n import normalise_language
from bot.settings import Settings
from bot.storage.members import GroupChat, Member, MembersRepository, Person
from bot.timezones import zone


class MembersService:
    def __init__(self, repo: MembersRepository, settings: Settings, clock: Clock) -> None:
        self.repo = repo
        self.settings = settings
        self.clock = clock

    async def seen(self, person: Person, *, private_chat: bool) -> Member:
        """Record that ``person`` talked to the bot; returns their (new or updated) record."""
        await self.repo.touch(person, self.clock.now(), private_chat=private_chat)
        member = await self.repo.get(person.user_id)
        assert member is not None
        return member

    async def get(self, user_id: int) -> Member | None:
        return await self.repo.get(user_id)

    # -- roles ------------------------------------------------------------------------------

    async def is_coordinator(self, user_id: int) -> bool:
        if user_id in self.settings.coordinators:
            return True
        member = await self.repo.get(user_id)
        return member is not None and member.role == "coordinator"

    # -- language and zone ------------------------------------------------------------------

    def language_of(self, member: Member | None, telegram_code: str | None = None) -> str:
        """The member's chosen language, else their Telegram app's, else the default."""
        if member is not None and member.language:
            return member.language
        return normalise_language(telegram_code, self.settings.default_language)

    def zone_of(self, member: Member | None) -> ZoneInfo:
        if member is not None and member.timezone:
            try:
                return zone(member.timezone)
            except ValueError:
                pass
        return self.settings.zone

    async def language_for(self, user_id: int, telegram_code: str | None = None) -> str:
        return self.language_of(await self.repo.get(user_id), telegram_code)

    async def set_language(self, user_id: int, language: str) -> None:
        await self.repo.update(user_id, self.clock.now(), language=language)

    # -- delivery feedback ------------------------------------------------------------------

    async def mark_unreachable(self, chat_id: int) -> None:
        """Telegram said 403: a person blocked the bot, or the bot left a group."""
        if chat_id > 0:
            await self.repo.update(chat_id, self.clock.now(), reachable=0)
        else:
            await self.repo.set_group_active(chat_id, False, self.clock.now())

    async def group_migrated(self, old: int, new: int) -> None:
        await self.repo.migrate_group(old, new, self.clock.now())

    async def group(self, chat_id: int) -> GroupChat | None:
        return await self.repo.group(chat_id)
