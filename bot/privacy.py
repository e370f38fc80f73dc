"""Personal data: what the bot stores about a person (/mydata) and forgetting it (/forget).

The members feature owns the person's record; other features that keep personal data
register here, in ``Services.create``::

    services.privacy.register("events", export=events.personal_data, erase=events.forget_person)

* ``export(user_id)`` returns JSON-able data (or ``None`` when there is nothing);
* ``erase(user_id)`` deletes or anonymises what is not already handled by the foreign keys
  (tables referencing ``members (user_id)`` must declare ``ON DELETE CASCADE`` or
  ``ON DELETE SET NULL``; a user id stored without a foreign key needs an eraser).

Erasers run first, then the member's record is deleted (its projects, onboarding and group
sightings with it); only an anonymous count per month remains.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from bot.clock import to_iso
from bot.members import MembersService

log = logging.getLogger(__name__)

Exporter = Callable[[int], Awaitable[object]]
Eraser = Callable[[int], Awaitable[None]]


@dataclass(frozen=True)
class Contributor:
    domain: str
    export: Exporter | None
    erase: Eraser | None


class PrivacyService:
    def __init__(self, members: MembersService) -> None:
        self.members = members
        self._contributors: dict[str, Contributor] = {}

    def register(
        self, domain: str, *, export: Exporter | None = None, erase: Eraser | None = None
    ) -> None:
        """Add a feature's personal data to /mydata and /forget (one entry per domain)."""
        self._contributors[domain] = Contributor(domain, export, erase)

    @property
    def domains(self) -> list[str]:
        return ["members", *self._contributors]

    async def export(self, user_id: int) -> dict[str, object]:
        """Everything stored about a person, by feature."""
        data: dict[str, object] = {
            "user_id": user_id,
            "generated_at": to_iso(self.members.now()),
            "members": await self.members.personal_data(user_id),
        }
        for contributor in self._contributors.values():
            if contributor.export is not None:
                data[contributor.domain] = await contributor.export(user_id)
        return data

    async def export_json(self, user_id: int) -> bytes:
        data = await self.export(user_id)
        return json.dumps(data, ensure_ascii=False, indent=2, default=str).encode("utf-8")

    async def forget(self, user_id: int) -> bool:
        """Erase a person everywhere; True if anything was stored about them."""
        for contributor in self._contributors.values():
            if contributor.erase is not None:
                await contributor.erase(user_id)
        return await self.members.forget(user_id)
