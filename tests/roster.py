"""A small cast for the tests that need people on the roster (announcements, polls, reports,
the exchange): written through the real members repository, and settings whose pacing the
emulator does not enforce."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from bot.sandbox import Sandbox
from bot.services import Services
from bot.settings import Settings
from bot.storage.members import Person


@dataclass(frozen=True)
class Someone:
    user_id: int
    first_name: str
    language: str | None
    country: str | None
    organisation: str | None
    role: str = "participant"
    projects: tuple[str, ...] = ("terress",)


async def add_people(services: Services, sandbox: Sandbox, people: Iterable[Someone]) -> None:
    """Each one a member who opened a private chat with the bot (and a user of the emulator),
    with their language, country, organisation, role and projects."""
    repo = services.members.repo
    now = services.clock.now()
    for who in people:
        if who.user_id not in sandbox.world.users:
            sandbox.add_user(who.user_id, who.first_name, language_code=who.language)
        await repo.touch(Person(who.user_id, who.first_name), now, private_chat=True)
        await repo.update(
            who.user_id,
            now,
            language=who.language,
            country_id=who.country,
            organisation_id=who.organisation,
            role=who.role,
        )
        await repo.set_projects(who.user_id, who.projects)


def unpaced(settings: Settings) -> Settings:
    """``settings`` with Telegram's pacing lifted (the emulator does not enforce it): a group
    may get several messages within the same second."""
    return settings.model_copy(
        update={
            "delivery": settings.delivery.model_copy(
                update={
                    "overall_per_second": 1000.0,
                    "per_chat_per_second": 1000.0,
                    "per_group_per_minute": 60000.0,
                }
            )
        }
    )
