"""The members' notices as outbox payloads (Telegram HTML, in the recipient's language): a
role changed, a focal point claim confirmed or removed, and the coordinators' notice of a new
claim with its two buttons; and the coordinators' list of pending claims. Button data through
bot/render/buttons.py (:class:`FocalClaim`, pressed in handlers/members/roles.py).
:class:`bot.members.MembersService` holds one as ``render`` and hands it data: who, which
organisation, in which language; the handlers send what it made."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.i18n import Catalogue, format_date
from bot.knowledge.models import KnowledgeBase
from bot.names import organisation_name
from bot.render.buttons import FocalClaim, inline
from bot.storage.members import Member

PENDING_LISTED = 40  # claims listed at most (with their buttons) in one message


class MembersRender:
    def __init__(self, catalogue: Catalogue) -> None:
        self.catalogue = catalogue

    def t(self, lang: str, key: str, /, **params: object) -> str:
        return self.catalogue.t(lang, f"members.{key}", **params)

    def notice(self, lang: str, key: str, /, **params: object) -> dict[str, Any]:
        """A notice (catalogue key ``key``, e.g. ``members.promote.you_promoted``) to one
        member, as an outbox payload."""
        text = self.catalogue.t(lang, key, **params)
        return {"method": "sendMessage", "text": text, "parse_mode": "HTML"}

    def claim_buttons(self, lang: str, user_id: int) -> list[InlineKeyboardButton]:
        """Confirm / remove a focal point claim (under the coordinators' notice)."""
        return [
            inline(self.t(lang, "focal.confirm_button"), FocalClaim("ok", user_id)),
            inline(self.t(lang, "focal.remove_button"), FocalClaim("no", user_id)),
        ]

    def new_claim(self, lang: str, user_id: int, *, name: str, organisation: str) -> dict[str, Any]:
        """The coordinators' notice of a new focal point claim, with its two buttons."""
        markup = InlineKeyboardMarkup([self.claim_buttons(lang, user_id)])
        payload = self.notice(lang, "members.focal.new_claim", name=name, organisation=organisation)
        payload["reply_markup"] = markup.to_dict()
        return payload

    def pending_claims(
        self,
        lang: str,
        claims: Sequence[tuple[Member, datetime | None]],
        kb: KnowledgeBase,
        zone: ZoneInfo,
    ) -> tuple[str, InlineKeyboardMarkup | None]:
        """The focal point claims waiting for a coordinator, each with its two buttons
        (``place`` ``l``: pressing one shows the list again, up to date)."""
        if not claims:
            return self.t(lang, "focal.pending_none"), None
        lines = [self.t(lang, "focal.pending_title", count=len(claims))]
        rows = []
        for member, when in claims[:PENDING_LISTED]:
            org = kb.organisations.get(member.organisation_id or "")
            country = kb.countries.get(member.country_id or "")
            lines.append(
                self.t(
                    lang,
                    "focal.pending_entry",
                    name=member.display_name,
                    username=f" (@{member.username})" if member.username else "",
                    organisation=organisation_name(org, lang) if org else member.organisation_id,
                    country=country.name.get(lang) if country else "—",
                    when=format_date(when, lang, zone) if when else "—",
                )
            )
            short = member.display_name[:24]
            rows.append(
                [
                    inline(
                        self.t(lang, "focal.confirm_short", name=short),
                        FocalClaim("ok", member.user_id, "l"),
                    ),
                    inline(
                        self.t(lang, "focal.remove_short", name=short),
                        FocalClaim("no", member.user_id, "l"),
                    ),
                ]
            )
        return "\n".join(lines), InlineKeyboardMarkup(rows)
