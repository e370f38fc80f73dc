"""Partnership offers (the Bourse-partenariat): written by a focal point for their
organisation (or by a coordinator), reviewed by a coordinator before anyone sees them, visible
for six months unless renewed (their authors reminded in private a week before), withdrawn at
will. "✋ Intéressé" introduces two organisations, with the consent of both sides; saved
searches get new matching offers at most once a week.

Offers hold no personal contact data: a description with an e-mail address or a phone number
is refused, and the contact route is the bot (a link to the person's Telegram profile, given
only once both sides agreed). Timed work (reminders, expiry, weekly digests) is rebuilt from
SQLite at start (:meth:`OffersService.start`).
"""

from __future__ import annotations

import calendar
import dataclasses
import logging
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from bot.clock import Clock
from bot.exchange.themes import Countries, Vocabulary, countries_of, vocabulary
from bot.i18n import Catalogue, Safe, format_date
from bot.members import MembersService
from bot.names import Knowledge
from bot.render.exchange import Buttons, ExchangeTexts, OffersPage, html_link
from bot.scheduling import Scheduler
from bot.storage.exchange import (
    ANY_COUNTRY,
    ANY_KIND,
    ExchangeRepository,
    Interest,
    NewOffer,
    Offer,
    OfferFilter,
)
from bot.storage.members import Member
from bot.storage.outbox import OutboxItem

log = logging.getLogger(__name__)

# What the handlers need of the offers' types (they never import bot.storage).
__all__ = [
    "ANY_COUNTRY",
    "ANY_KIND",
    "ExchangeError",
    "NewOffer",
    "Offer",
    "OfferFilter",
    "OffersService",
    "check_description",
]

MAX_DESCRIPTION = 1000
MIN_DESCRIPTION = 20
VALIDITY_MONTHS = 6
REMIND_BEFORE = timedelta(days=7)
DIGEST_EVERY = timedelta(days=7)
PAGE = 5
KIND = "exchange"

_EMAIL = re.compile(r"[\w.+-]+\s*(@|\(at\)|\[at\])\s*[\w-]+(\.[\w-]+)+", re.IGNORECASE)
# Phone numbers, whatever the country: international (+221..., 00225...), ten digits from 0
# (06 12 34 56 78), 77 123 45 67, or nine digits and more in a row. Not years ("2020-2026")
# nor amounts ("1 500 000").
_PHONE = re.compile(
    r"(?:\+|(?<!\d)00)\d[\d\s.()/-]{6,}\d"
    r"|(?<!\d)0\d(?:[\s.-]?\d{2}){4}(?!\d)"
    r"|(?<!\d)\d{2}[\s.]\d{3}[\s.]\d{2}[\s.]\d{2}(?!\d)"
    r"|(?<!\d)\d{9,}(?!\d)"
)

# A Telegram @username: the contact route is the bot's introduction, with consent.
_HANDLE = re.compile(r"(?<![\w.@])@[A-Za-z]\w{3,}")

Enqueue = Callable[[list[OutboxItem]], Awaitable[int]]


class ExchangeError(Exception):
    """A refusal: ``key`` in ``exchange.errors``, with its parameters."""

    def __init__(self, key: str, **params: object) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


def check_description(text: str) -> str:
    """The description as stored, or :class:`ExchangeError` (length, contact data)."""
    text = text.strip()
    if len(text) < MIN_DESCRIPTION:
        raise ExchangeError("description_short", minimum=MIN_DESCRIPTION)
    if len(text) > MAX_DESCRIPTION:
        raise ExchangeError("description_long", maximum=MAX_DESCRIPTION, length=len(text))
    if _EMAIL.search(text) or _PHONE.search(text) or _HANDLE.search(text):
        raise ExchangeError("description_contact")
    return text


def add_months(when: datetime, months: int) -> datetime:
    month = when.month - 1 + months
    year, month = when.year + month // 12, month % 12 + 1
    day = min(when.day, calendar.monthrange(year, month)[1])
    return when.replace(year=year, month=month, day=day)


@dataclass(frozen=True)
class Introduction:
    """An interest relayed: the offer and who was asked."""

    interest_id: int
    offer: Offer
    asked: int  # focal points told


async def browse(
    repo: ExchangeRepository, flt: OfferFilter, page: int = 1, *, size: int = PAGE
) -> OffersPage:
    """One page of the visible offers matching ``flt`` (the page number kept in range)."""
    total = await repo.count_visible(flt)
    pages = max(1, -(-total // size))
    page = min(max(1, page), pages)
    offers = await repo.visible(flt, offset=(page - 1) * size, limit=size)
    return OffersPage(flt, total, page, pages, offers)


class OffersService:
    def __init__(
        self,
        repo: ExchangeRepository,
        members: MembersService,
        knowledge: Knowledge,
        enqueue: Enqueue,
        scheduler: Scheduler,
        catalogue: Catalogue,
        clock: Clock,
        words: Vocabulary | None = None,
    ) -> None:
        self.repo = repo
        self.members = members
        self.knowledge = knowledge
        self.enqueue = enqueue
        self.scheduler = scheduler
        self.catalogue = catalogue
        self.clock = clock
        self.words = words or vocabulary()
        self.texts = ExchangeTexts(catalogue, self.words, lambda: self.countries)

    @property
    def countries(self) -> Countries:
        return countries_of(self.knowledge.kb)

    # -- start: timed work rebuilt from SQLite -------------------------------------------------

    async def start(self) -> None:
        for offer in await self.repo.with_status("visible"):
            self._schedule(offer)
        users = {s.user_id for s in await self.repo.searches()}
        for user_id in users:
            await self._schedule_digest(user_id)

    def _schedule(self, offer: Offer) -> None:
        if offer.expires_at is None:
            return
        if offer.reminded_at is None:
            self.scheduler.at(
                f"exchange:remind:{offer.id}",
                offer.expires_at - REMIND_BEFORE,
                lambda: self._remind(offer.id),
            )
        self.scheduler.at(
            f"exchange:expire:{offer.id}", offer.expires_at, lambda: self._expire(offer.id)
        )

    def _unschedule(self, offer_id: int) -> None:
        self.scheduler.cancel(f"exchange:remind:{offer_id}")
        self.scheduler.cancel(f"exchange:expire:{offer_id}")

    # -- who may do what -----------------------------------------------------------------------

    def organisation_name(self, organisation_id: str | None, lang: str) -> str | None:
        if organisation_id is None:
            return None
        org = self.knowledge.kb.organisations.get(organisation_id)
        if org is None:
            return None
        return org.name_en if lang == "en" and org.name_en else org.name

    @staticmethod
    def is_focal_point(member: Member | None) -> bool:
        return (
            member is not None
            and member.focal_status == "confirmed"
            and member.organisation_id is not None
        )

    async def focal_points_of(self, offer: Offer) -> list[Member]:
        """Who answers for an offer: its authors and its organisation's focal points."""
        found: dict[int, Member] = {}
        for user_id in offer.authors:
            member = await self.members.get(user_id)
            if member is not None:
                found[user_id] = member
        if offer.organisation_id:
            for member in await self.members.focal_points():
                if self.is_focal_point(member) and member.organisation_id == offer.organisation_id:
                    found[member.user_id] = member
        return list(found.values())

    async def may_manage(self, offer: Offer, user_id: int) -> bool:
        if await self.members.is_coordinator(user_id):
            return True
        return user_id in {m.user_id for m in await self.focal_points_of(offer)}

    async def visible_to(self, offer: Offer, user_id: int | None) -> bool:
        """A refused, withdrawn, expired or pending offer: its authors and coordinators only."""
        if offer.status == "visible":
            return True
        return user_id is not None and await self.may_manage(offer, user_id)

    # -- writing and reviewing -----------------------------------------------------------------

    async def submit(self, offer: NewOffer, author: int) -> Offer:
        offer = dataclasses.replace(offer, description=check_description(offer.description))
        if not offer.themes:
            raise ExchangeError("no_theme")
        offer_id = await self.repo.create(offer, [author], author, self.clock.now())
        stored = await self.repo.get(offer_id)
        assert stored is not None
        for coordinator in await self.members.coordinators():
            lang = self.members.language_of(coordinator)
            text, buttons = self.texts.review_notice(stored, lang)
            await self._send(coordinator, f"offer:{offer_id}:review", text, buttons)
        return stored

    async def pending(self) -> list[Offer]:
        return await self.repo.with_status("pending")

    async def accept(self, offer_id: int, by: int) -> Offer:
        now = self.clock.now()
        expires = add_months(now, VALIDITY_MONTHS)
        moved = await self.repo.set_status(
            offer_id, "visible", now, by=by, expires_at=expires, only_from=("pending",)
        )
        offer = await self._get(offer_id)
        if not moved:
            raise ExchangeError("already_reviewed", id=offer_id, status=offer.status)
        self._schedule(offer)
        await self._tell_authors(offer, "accepted", expires=expires)
        await self._announce(offer)
        return offer

    async def refuse(self, offer_id: int, by: int, reason: str) -> Offer:
        reason = " ".join(reason.split())
        if not reason:
            raise ExchangeError("reason_missing")
        moved = await self.repo.set_status(
            offer_id,
            "refused",
            self.clock.now(),
            by=by,
            reason=reason[:300],
            only_from=("pending",),
        )
        offer = await self._get(offer_id)
        if not moved:
            raise ExchangeError("already_reviewed", id=offer_id, status=offer.status)
        await self._tell_authors(offer, "refused", reason=offer.refusal_reason or "")
        return offer

    async def withdraw(self, offer_id: int, by: int) -> Offer:
        offer = await self._get(offer_id)
        if not await self.may_manage(offer, by):
            raise ExchangeError("not_yours", id=offer_id)
        moved = await self.repo.set_status(
            offer_id, "withdrawn", self.clock.now(), only_from=("pending", "visible")
        )
        if not moved:
            raise ExchangeError("not_withdrawable", id=offer_id)
        self._unschedule(offer_id)
        return await self._get(offer_id)

    async def renew(self, offer_id: int, by: int) -> Offer:
        offer = await self._get(offer_id)
        if not await self.may_manage(offer, by):
            raise ExchangeError("not_yours", id=offer_id)
        now = self.clock.now()
        moved = await self.repo.set_status(
            offer_id,
            "visible",
            now,
            expires_at=add_months(now, VALIDITY_MONTHS),
            only_from=("visible", "expired"),
        )
        if not moved:
            raise ExchangeError("not_renewable", id=offer_id)
        offer = await self._get(offer_id)
        self._schedule(offer)
        return offer

    async def _get(self, offer_id: int) -> Offer:
        offer = await self.repo.get(offer_id)
        if offer is None:
            raise ExchangeError("no_offer", id=offer_id)
        return offer

    async def offer_for(self, offer_id: int, user_id: int | None) -> Offer:
        """The offer if this person may see it (else the same answer as a missing one)."""
        offer = await self.repo.get(offer_id)
        if offer is None or not await self.visible_to(offer, user_id):
            raise ExchangeError("no_offer", id=offer_id)
        return offer

    async def mine(self, member: Member) -> list[Offer]:
        org = member.organisation_id if self.is_focal_point(member) else None
        return await self.repo.of_author(member.user_id, org)

    # -- expiry --------------------------------------------------------------------------------

    async def _remind(self, offer_id: int) -> None:
        offer = await self.repo.get(offer_id)
        if offer is None or offer.status != "visible" or offer.reminded_at is not None:
            return
        assert offer.expires_at is not None
        if offer.expires_at <= self.clock.now():
            return  # the bot was stopped all week: the expiry notice says it all
        await self.repo.mark_reminded(offer_id, self.clock.now())
        stamp = offer.expires_at.strftime("%Y%m%d")
        for member in await self.focal_points_of(offer):
            lang = self.members.language_of(member)
            text = self.texts.t(
                lang,
                "offers.remind",
                id=offer.id,
                themes=self.texts.themes(offer.themes, lang),
                expires=Safe(self._date(offer.expires_at, member)),
            )
            buttons = self.texts.owner_buttons(offer, lang)
            await self._send(member, f"offer:{offer_id}:remind:{stamp}", text, buttons)

    async def _expire(self, offer_id: int) -> None:
        offer = await self.repo.get(offer_id)
        if offer is None or offer.status != "visible" or offer.expires_at is None:
            return
        if offer.expires_at > self.clock.now():  # renewed since: its own job is due later
            return
        await self.repo.set_status(offer_id, "expired", self.clock.now(), only_from=("visible",))
        offer = await self._get(offer_id)
        stamp = offer.expires_at.strftime("%Y%m%d") if offer.expires_at else ""
        for member in await self.focal_points_of(offer):
            lang = self.members.language_of(member)
            text = self.texts.t(lang, "offers.expired", id=offer.id)
            buttons = self.texts.owner_buttons(offer, lang)
            await self._send(member, f"offer:{offer_id}:expired:{stamp}", text, buttons)

    # -- finding -------------------------------------------------------------------------------

    async def browse(self, flt: OfferFilter, page: int = 1, *, size: int = PAGE) -> OffersPage:
        return await browse(self.repo, flt, page, size=size)

    def read_filter(self, text: str) -> tuple[OfferFilter, str]:
        """A filter from typed words (theme, country, kind) and what was not understood."""
        themes = self.words.find_themes(text)
        countries = self.countries.find(text)
        kinds = self.words.find_kinds(text)
        flt = OfferFilter(
            theme=themes[0][0] if themes else "",
            country=countries[0] if countries else "",
            kind=kinds[0] if kinds else "",
        )
        return flt, "" if (themes or countries or kinds) or not text.strip() else text.strip()

    # -- interest ------------------------------------------------------------------------------

    async def interest(self, offer_id: int, member: Member | None) -> Introduction:
        """Relay an interest (the person consented): the offer's focal points are asked."""
        offer = await self.offer_for(offer_id, member.user_id if member else None)
        if offer.status != "visible":
            raise ExchangeError("no_offer", id=offer_id)
        if member is None or not member.organisation_id:
            raise ExchangeError("no_organisation")
        lang_org = self.members.language_of(member)
        org_name = self.organisation_name(member.organisation_id, lang_org) or ""
        if member.organisation_id == offer.organisation_id or member.user_id in offer.authors:
            raise ExchangeError("own_offer", id=offer_id)
        focal = [m for m in await self.focal_points_of(offer) if m.user_id != member.user_id]
        if not focal:
            raise ExchangeError("nobody_to_tell", id=offer_id)
        interest_id = await self.repo.add_interest(
            offer_id, member.user_id, org_name, self.clock.now()
        )
        if interest_id is None:
            raise ExchangeError("already_interested", id=offer_id)
        country = self.countries.name(member.country_id, lang_org) if member.country_id else ""
        for target in focal:
            lang = self.members.language_of(target)
            who_org = self.organisation_name(member.organisation_id, lang) or org_name
            text = self.texts.t(
                lang,
                "interest.ask",
                id=offer.id,
                themes=self.texts.themes(offer.themes, lang),
                name=member.display_name,
                organisation=f"{who_org} ({country})" if country else who_org,
            )
            buttons = [
                [
                    (self.texts.t(lang, "interest.accept"), f"xo:ia:{interest_id}"),
                    (self.texts.t(lang, "interest.decline"), f"xo:id:{interest_id}"),
                ]
            ]
            await self._send(target, f"interest:{interest_id}:ask", text, buttons)
        return Introduction(interest_id, offer, len(focal))

    async def answer_interest(self, interest_id: int, by: int, accept: bool) -> Interest:
        interest = await self.repo.interest(interest_id)
        if interest is None:
            raise ExchangeError("no_interest")
        offer = await self._get(interest.offer_id)
        if by not in {m.user_id for m in await self.focal_points_of(offer)}:
            raise ExchangeError("not_yours", id=offer.id)
        status = "accepted" if accept else "declined"
        if not await self.repo.answer_interest(interest_id, status, by, self.clock.now()):
            raise ExchangeError("interest_answered")
        interested = await self.members.get(interest.user_id)
        answering = await self.members.get(by)
        if interested is None or answering is None:
            raise ExchangeError("no_interest")
        lang = self.members.language_of(interested)
        org = self.organisation_name(offer.organisation_id, lang) or offer.organisation_name
        if accept:
            text = self.texts.t(
                lang,
                "interest.accepted_to_interested",
                id=offer.id,
                organisation=org,
                contact=html_link(answering.user_id, answering.display_name),
            )
            await self._send(interested, f"interest:{interest_id}:accepted", text, [])
            lang_by = self.members.language_of(answering)
            mine = self.texts.t(
                lang_by,
                "interest.accepted_to_owner",
                id=offer.id,
                organisation=interest.organisation_name,
                contact=html_link(interested.user_id, interested.display_name),
            )
            await self._send(answering, f"interest:{interest_id}:contact", mine, [])
        else:
            text = self.texts.t(lang, "interest.declined", id=offer.id, organisation=org)
            await self._send(interested, f"interest:{interest_id}:declined", text, [])
        return interest

    # -- saved searches --------------------------------------------------------------------------

    async def save_search(self, user_id: int, lang: str, flt: OfferFilter) -> bool:
        if flt.empty:
            raise ExchangeError("search_empty")
        _, created = await self.repo.save_search(user_id, lang, flt, self.clock.now())
        return created

    async def _announce(self, offer: Offer) -> None:
        """A new visible offer: the digests of whoever saved a matching search."""
        users = set()
        for search in await self.repo.searches():
            if any(o.id == offer.id for o in await self.repo.unannounced(search)):
                users.add(search.user_id)
        for user_id in users:
            await self._schedule_digest(user_id)

    async def _schedule_digest(self, user_id: int) -> None:
        searches = await self.repo.searches(user_id)
        last = max((s.last_announced_at for s in searches if s.last_announced_at), default=None)
        now = self.clock.now()
        when = max(now, last + DIGEST_EVERY) if last else now
        self.scheduler.at(f"exchange:digest:{user_id}", when, lambda: self._digest(user_id))

    async def _digest(self, user_id: int) -> None:
        member = await self.members.get(user_id)
        searches = await self.repo.searches(user_id)
        if member is None or not searches:
            return
        now = self.clock.now()
        last = max((s.last_announced_at for s in searches if s.last_announced_at), default=None)
        if last is not None and now - last < DIGEST_EVERY:
            await self._schedule_digest(user_id)
            return
        found: dict[int, Offer] = {}
        first_filter: OfferFilter | None = None
        for search in searches:
            offers = await self.repo.unannounced(search)
            if offers and first_filter is None:
                first_filter = search.filter
            for offer in offers:
                found[offer.id] = offer
        if not found or first_filter is None:
            return
        lang = self.members.language_of(member)
        text, buttons = self.texts.digest(list(found.values()), first_filter, lang)
        await self._send(member, f"digest:{user_id}:{now:%Y%m%d%H%M}", text, buttons)
        for search in searches:
            ids = [o.id for o in await self.repo.unannounced(search)]
            await self.repo.mark_announced(search.id, ids, now)

    # -- personal data -------------------------------------------------------------------------

    async def personal_data(self, user_id: int) -> object:
        return await self.repo.personal_data(user_id)

    async def forget_person(self, user_id: int) -> None:
        """/oubli: the person no longer authors any offer. An offer stays if another focal
        point of its organisation owns it (they become its author), else it is withdrawn.
        Their interests and saved searches are deleted."""
        authored = await self.repo.authored(user_id)
        await self.repo.remove_author(user_id)
        for offer_id in authored:
            offer = await self.repo.get(offer_id)
            if offer is None or offer.status in ("withdrawn", "refused", "expired"):
                continue
            others = [m for m in await self.focal_points_of(offer) if m.user_id != user_id]
            if others:
                for other in others:
                    await self.repo.add_author(offer_id, other.user_id)
                continue
            await self.repo.set_status(
                offer_id, "withdrawn", self.clock.now(), only_from=("pending", "visible")
            )
            self._unschedule(offer_id)
        await self.repo.forget_interests(user_id)
        self.scheduler.cancel(f"exchange:digest:{user_id}")

    # -- sending -------------------------------------------------------------------------------

    async def _tell_authors(
        self, offer: Offer, key: str, *, expires: datetime | None = None, **params: object
    ) -> None:
        for member in await self.focal_points_of(offer):
            lang = self.members.language_of(member)
            if expires is not None:  # the day, in the member's own time zone
                params["expires"] = Safe(self._date(expires, member))
            text = self.texts.t(
                lang,
                f"offers.{key}",
                id=offer.id,
                themes=self.texts.themes(offer.themes, lang),
                **params,
            )
            await self._send(member, f"offer:{offer.id}:{key}", text, [])

    def _date(self, when: datetime, member: Member | None = None) -> str:
        lang = (
            self.members.language_of(member) if member else self.members.settings.default_language
        )
        return format_date(when, lang, self.members.zone_of(member))

    async def _send(self, member: Member, ref: str, text: str, buttons: Buttons) -> None:
        if not member.private_chat or not member.reachable:
            return
        payload: dict[str, Any] = {"method": "sendMessage", "text": text, "parse_mode": "HTML"}
        if buttons:
            payload["reply_markup"] = {
                "inline_keyboard": [
                    [{"text": label, "callback_data": data} for label, data in row]
                    for row in buttons
                ]
            }
        await self.enqueue([OutboxItem(KIND, ref, member.user_id, payload)])
