"""The members' notices as outbox payloads (Telegram HTML, in the recipient's language): a
role changed, a focal point claim confirmed or removed, and the coordinators' notice of a new
claim with its two buttons. Button data through bot/render/buttons.py (:class:`FocalClaim`,
pressed in handlers/members/roles.py). :class:`bot.members.MembersService` holds one as
``render`` and hands it data: who, which organisation, in which language."""

from __future__ import annotations

from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.i18n import Catalogue
from bot.render.buttons import FocalClaim, inline


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
