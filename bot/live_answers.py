"""Free-text questions: the one entry point (:meth:`LiveAnswers.reply`), and live data.

:meth:`LiveAnswers.reply` is what the bot (``handlers/questions.py``) and the terminal
(``coopbot ask``) both call, so that they give the same answer. It tries, in this order:

1. the partnership exchange and the Atlas (``bot/exchange/answers.py``), only for the
   questions they are sure are theirs ("qui cherche un partenaire sur l'eau ?");
2. live data (below): events, polls, the directory, with the asker's rights;
3. the records of ``data/*.toml``, else the documents' passages
   (:meth:`bot.questions.KnowledgeService.reply`), which say what they do not know.

Live data:

"c'est quand la prochaine visio ?", "lien de la visio", "est-ce que j'ai répondu ?", "y a-t-il
un sondage en cours ?", "qui est le point focal de Bambey ?": :func:`bot.knowledge.live.recognise`
says which live intent a question is; this service answers it with the same calls and the
same rights as the commands (/prochain, /agenda, /quiest, /pointsfocaux, /sondages), short,
in the asker's language, ending with the command that does more. Anything else (or a tentative
match without live data) goes to the knowledge files (:meth:`KnowledgeService.answer`), unless
they know nothing of an event whose kind is named and one of that kind is planned ("where will
the seminar of elected officials take place?", its title in French): then that one, said so.
Words of a planned event's title that only some events have ("le comité technique") pick those;
a word read as a misspelt cue that names a place ("aux Comores", no misspelt "comes") is read
again as the place, where the time is shown. Asked whether an event holds ("la visio de jeudi
tient toujours ?", "le comité technique est-il maintenu ?"), the cancelled events are among
those asked about (:mod:`bot.live_events`): a cancelled one is said cancelled, then the next of
its kind; one that holds is said still on, then its card. A link asked with the event's
programme ("what's on the agenda? And the link also") is given with that programme.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import replace
from html import escape
from itertools import chain
from typing import Protocol
from zoneinfo import ZoneInfo

from bot.clock import Clock
from bot.directory import DirectoryService
from bot.events import EventsService
from bot.i18n import Catalogue, zone_label
from bot.knowledge.answer import Answer
from bot.knowledge.live import STATIC_AFTER_NONE, LiveQuestion, recognise
from bot.knowledge.models import Record
from bot.live_directory import Asker, DirectoryAnswers, _Reply
from bot.live_events import EventChoice, _among
from bot.members import MembersService
from bot.polls import PollsService
from bot.questions import KnowledgeService
from bot.render.events import DESCRIPTION_MAX
from bot.reports import poll_texts
from bot.settings import Settings
from bot.storage.events import Event
from bot.storage.members import Member
from bot.textfold import tokens as tokenize
from bot.timezones import zone

AGENDA_ITEMS = 5
POLL_ITEMS = 5
# A word of a planned event's place names it from this length on ("Lyon", not "de").
PLACE_WORD = 3
# Intents whose answer gives an event's time, which a place named may set the zone of.
ZONED_INTENTS = frozenset(
    {"next_event", "event_link", "event_place", "agenda", "rsvp", "attendance"}
)
# A word of a planned event's title names it from this length on ("comité", not "de").
TITLE_WORD = 4
# How a place named in a question gives a zone (not an organisation: "la visio de Bambey").
ZONE_HOWS = frozenset({"city", "country", "iana"})


class ExchangeAnswerer(Protocol):
    """The exchange and Atlas answerer (:class:`bot.exchange.answers.ExchangeAnswers`)."""

    async def answer(self, question: str, lang: str) -> str | None: ...


class LiveAnswers(DirectoryAnswers, EventChoice):
    def __init__(
        self,
        knowledge: KnowledgeService,
        events: EventsService,
        directory: DirectoryService,
        polls: PollsService,
        members: MembersService,
        catalogue: Catalogue,
        settings: Settings,
        clock: Clock,
        exchange: ExchangeAnswerer | None = None,
    ) -> None:
        self.knowledge = knowledge
        self.exchange = exchange  # wired by bot/services.py once the exchange is built
        self.events = events
        self.directory = directory
        self.polls = polls
        self.members = members
        self.catalogue = catalogue
        self.settings = settings
        self.clock = clock
        self._words: tuple[int, frozenset[str], frozenset[str]] | None = None
        self._org_words: tuple[int, frozenset[str]] | None = None
        self._intents: dict[str, Callable[[LiveQuestion, str, Asker], Awaitable[_Reply]]] = {
            "next_event": self._about_soonest(self._next_event),
            "event_link": self._about_soonest(self._event_link),
            "event_place": self._about_soonest(self._event_place),
            "agenda": self._agenda,
            "rsvp": self._about_soonest(self._rsvp),
            "attendance": self._about_soonest(self._attendance),
            "polls": self._polls,
            "focal_points": self._focal_points,
            "coordinators": self._coordinators,
        }

    # -- entry point ------------------------------------------------------------------------

    async def reply(
        self,
        question: str,
        *,
        member: Member | None,
        user_id: int | None,
        lang: str,
        chat_id: int | None = None,
    ) -> Answer:
        """The answer to a free-text question, for the bot and the terminal alike: the
        exchange and the Atlas, else live data, else the records, else the documents."""
        if self.exchange is not None:
            html = await self.exchange.answer(question, lang)
            if html is not None:
                # in the question's language, as the documents' answers are (``lang`` breaks ties)
                spoken = self.knowledge.answer(question, lang).lang
                if spoken != lang:
                    html = await self.exchange.answer(question, spoken) or html
                return Answer(html=html, found=True, lang=spoken, intent="exchange")
        group = await self.members.group(chat_id) if chat_id is not None and chat_id < 0 else None
        asker = Asker(member, user_id, lang, group)
        found = await self.live(question, asker)
        return found if found is not None else await self.knowledge.reply(question, lang)

    async def live(self, question: str, asker: Asker) -> Answer | None:
        """The live answer, or ``None`` when the knowledge files should answer (or their
        answer, when it was needed to choose: see :meth:`_unknown_to_documents`)."""
        known, names = self._kb_words()
        recognised = recognise(question, known=known, names=names)
        places = self._places(recognised.guessed) if recognised is not None else frozenset()
        if places:  # "chez nous aux Comores": a place, no misspelt cue
            recognised = recognise(question, known=known | places, names=names)
        if recognised is None:
            return None
        recognised, asker = self._place_named(recognised, question, asker)
        recognised = await self._titled(recognised, question, asker)
        # whether something holds, no event named ("le projet est-il maintenu ?"): the documents'
        if recognised.intent == "next_event" and not (recognised.has("event") or recognised.about):
            return None
        if not recognised.confident and recognised.rest:
            recognised = await self._named(recognised, question, asker)
        if not recognised.confident and recognised.rest:
            return await self._unknown_to_documents(recognised, question, asker)
        reply = await self._intents[recognised.intent](recognised, question, asker)
        lines = reply.lines
        if not reply.has_data:
            static = self.knowledge.answer(question, asker.lang)
            if not recognised.confident and static.found:
                return static
            if static.found and static.intent in STATIC_AFTER_NONE:
                lines = [*lines, "", self._t(asker.lang, "none.static"), static.html]
        html = self._relabelled("\n".join(lines).strip(), asker)
        return Answer(html=html, found=True, lang=asker.lang, intent=f"live.{recognised.intent}")

    async def _unknown_to_documents(
        self, q: LiveQuestion, question: str, asker: Asker
    ) -> Answer | None:
        """A tentative match with words left unexplained goes to the records and the
        documents; but when they know nothing of it and an event of the kind named is
        planned ("where will the seminar of elected officials take place?", the title in
        French), that event is the answer (its card names it): ``None`` leaves the question
        to the caller."""
        if q.kind is None or q.intent not in ZONED_INTENTS:
            return None
        if not await self._upcoming(question, q, asker):
            return None
        static = await self.knowledge.reply(question, asker.lang)
        if static.found:
            return static
        reply = await self._intents[q.intent](q, question, asker)
        # the words left may name another event: say which one this is
        lines = [self._t(asker.lang, f"planned.{q.kind}"), *reply.lines]
        html = self._relabelled("\n".join(lines).strip(), asker)
        return Answer(html=html, found=True, lang=asker.lang, intent=f"live.{q.intent}")

    def _relabelled(self, html: str, asker: Asker) -> str:
        """``html`` with each place's zone said as the city named ("à quelle heure à
        Yaoundé ?": Yaoundé, not Douala)."""
        if asker.zone is not None:
            for tz, city in ((asker.zone, asker.city), *asker.also):
                if city is not None:
                    html = _relabel(html, zone_label(tz), escape(city))
        return html

    # -- helpers ----------------------------------------------------------------------------

    def _place_named(
        self, q: LiveQuestion, question: str, asker: Asker
    ) -> tuple[LiveQuestion, Asker]:
        """A time asked in a place ("à quelle heure à Dakar ?", "in Paris time"), or in
        several ("à Antananarivo ainsi qu'à Paris", "for Douala, and for Dakar"): the words
        naming a city, a country or a zone (the finder of /fuseau) are not "something else
        asked", and the event's time is shown in each place's zone, in the order named
        (labelled with the city named, as typed, when the zone bears another city's name:
        Yaoundé, not Douala)."""
        if not q.has("when") or not q.rest or q.intent not in ZONED_INTENTS:
            return q, asker
        words = list(q.rest)
        places: list[tuple[int, ZoneInfo, str | None]] = []  # where named, zone, city typed
        taken: set[int] = set()
        while (place := self._place_in(words, taken, question)) is not None:
            span, tz, city = place
            taken.update(span)
            if all(tz.key != other.key for _, other, _ in places):
                places.append((span.start, tz, city))
        if not places:
            return q, asker
        places.sort(key=lambda p: p[0])
        (_, tz, city), *others = places
        rest = tuple(w for k, w in enumerate(words) if k not in taken)
        also = tuple((z, c) for _, z, c in others)
        return replace(q, rest=rest), replace(asker, zone=tz, city=city, also=also)

    def _places(self, words: Sequence[str]) -> frozenset[str]:
        """Those of ``words`` that name a city, a country or a zone (the finder of /fuseau)."""
        finder = self.members.zones
        now = self.clock.now()
        return frozenset(w for w in words if finder.find(w, now).how in ZONE_HOWS)

    def _place_in(
        self, words: Sequence[str], taken: set[int], question: str
    ) -> tuple[range, ZoneInfo, str | None] | None:
        """The longest run of ``words`` (outside ``taken``) naming a place with a zone, first
        found; the city as typed when it is a city."""
        finder = self.members.zones
        now = self.clock.now()
        for size in range(min(len(words), 3), 0, -1):
            for start in range(len(words) - size + 1):
                span = range(start, start + size)
                if taken.intersection(span):
                    continue
                match = finder.find(" ".join(words[start : start + size]), now)
                if match.zone is None or match.how not in ZONE_HOWS:
                    continue
                try:
                    tz = zone(match.zone)
                except ValueError:
                    continue
                city = None
                if match.how == "city":
                    city = _typed(question, words[start : start + size]) or None
                return span, tz, city
        return None

    async def _named(self, q: LiveQuestion, question: str, asker: Asker) -> LiveQuestion:
        """A tentative match whose other words only name what it is about is not asking
        something else: words of an upcoming event's title ("where's the annual gathering"),
        or, for focal points, an organisation, a project or a country ("focal point of
        Lori?")."""
        if q.intent == "focal_points":
            # who represents a country is organisations (the knowledge files say which)
            bodies = not q.has("focal")
            return replace(q, confident=self._names_whom(q.rest, organisations_only=bodies))
        if q.intent not in ZONED_INTENTS:
            return q
        events = await self._upcoming(question, q, asker)
        titles = {w for e in events for w in tokenize(e.title)}
        rest = tuple(w for w in q.rest if not _among(w, titles))
        # the place of a planned event named ("le forum de Cotonou là, c'est quoi le
        # programme ?"): that event is the one asked about, surely
        places = {w for e in events for w in tokenize(e.place or "") if len(w) >= PLACE_WORD}
        about = tuple(w for w in rest if w in places)
        if about:
            rest = tuple(w for w in rest if w not in places)
            return replace(q, rest=rest, about=about, confident=True)
        return replace(q, rest=rest)

    async def _titled(self, q: LiveQuestion, question: str, asker: Asker) -> LiveQuestion:
        """An event named by words of its title ("le comité technique de début décembre",
        "the agenda of the focal points' meeting"): the words left that are in the titles of
        some of the events planned, not all, pick those events (:attr:`LiveQuestion.about`)."""
        if q.about or not q.rest or q.intent not in ZONED_INTENTS:
            return q
        events = await self._upcoming(question, q, asker)
        if len(events) < 2:
            return q
        titles = [set(tokenize(e.title)) for e in events]
        about = tuple(
            w
            for w in q.rest
            if len(w) >= TITLE_WORD
            and 0 < sum(_among(w, frozenset(t)) for t in titles) < len(titles)
        )
        return replace(q, about=about) if about else q

    def _names_whom(self, words: Sequence[str], *, organisations_only: bool = False) -> bool:
        """Whether ``words`` name an organisation (or a project or a country), the others
        being words of organisations' names ("Lori region", "Bambey council")."""
        find = self.directory.find
        generic = self._organisation_words()
        for size in range(len(words), 0, -1):
            for start in range(len(words) - size + 1):
                span = " ".join(words[start : start + size])
                project, country = find.project_and_country(span)
                named = find.organisations.find(span).record is not None or (
                    not organisations_only
                    and (project.record is not None or country.record is not None)
                )
                others = [*words[:start], *words[start + size :]]
                if named and all(_among(w, generic) for w in others):
                    return True
        return False

    def _organisation_words(self) -> frozenset[str]:
        """Every word of organisations' names ("conseil", "regional", "council")."""
        kb = self._kb
        if self._org_words is None or self._org_words[0] != id(kb):
            words = frozenset(
                w for o in kb.organisations.values() for n in o.names() for w in tokenize(n)
            )
            self._org_words = (id(kb), words)
        return self._org_words[1]

    def _kb_words(self) -> tuple[frozenset[str], frozenset[str]]:
        """Words of the knowledge base's names (not misspelt cues), and of projects' names
        (not "something else asked")."""
        kb = self._kb
        if self._words is None or self._words[0] != id(kb):
            records: chain[Record] = chain(
                kb.projects.values(),
                kb.organisations.values(),
                kb.countries.values(),
                kb.terms.values(),
                kb.networks.values(),
                kb.meetings.values(),
            )
            known = frozenset(w for r in records for n in [r.id, *r.names()] for w in tokenize(n))
            names = frozenset(
                w for p in kb.projects.values() for n in [p.id, *p.names()] for w in tokenize(n)
            )
            self._words = (id(kb), known, names)
        return self._words[1], self._words[2]

    def _about_soonest(
        self, answer: Callable[[Event, Asker, LiveQuestion], Awaitable[_Reply]]
    ) -> Callable[[LiveQuestion, str, Asker], Awaitable[_Reply]]:
        """An intent about the soonest event the question asks for: ``answer`` tells about
        it; with none to come, the asker is told so; asked whether it holds, that first."""

        async def intent(q: LiveQuestion, question: str, asker: Asker) -> _Reply:
            event = await self._soonest(question, q, asker)
            if event is None:
                return self._nothing(question, q, asker)
            if q.has("status"):  # "tient toujours ?", "still on or called off?"
                return await self._holds(event, question, q, asker, answer)
            return await answer(event, asker, q)

        return intent

    async def _holds(
        self,
        event: Event,
        question: str,
        q: LiveQuestion,
        asker: Asker,
        answer: Callable[[Event, Asker, LiveQuestion], Awaitable[_Reply]],
    ) -> _Reply:
        """Whether the event asked about holds (the cancelled ones are among those asked
        about: :meth:`_upcoming`). Cancelled: said so, then the next one of its kind planned;
        else said still on, then what ``answer`` tells of it (its time where the asker is)."""
        lang = asker.lang
        render = self.events.render
        if not event.cancelled:  # its card, under "still on" (not "next event": it may not be)
            reply = await answer(event, asker, q)
            heading = render.t(lang, "agenda.next_title")
            lines = [line for line in reply.lines if line != heading]
            return _Reply([self._t(lang, "holds.on"), *lines], reply.has_data)
        when = render.when(lang, event.starts_at, self._zone_of(event, asker))
        icon = render.t(lang, f"icons.{event.kind}")
        lines = [self._t(lang, "event.cancelled", icon=icon, title=event.title, when=when)]
        planned = await self.events.upcoming(self._projects(question, asker), limit=50)
        after = [
            e for e in planned if e.starts_at > event.starts_at and (not q.kind or e.kind == q.kind)
        ]
        if after:
            lines += ["", self._t(lang, "holds.next"), self._item(after[0], asker)]
        return _Reply([*lines, "", self._t(lang, "agenda.footer")], True)

    def _with_more(self, lang: str, lines: list[str]) -> _Reply:
        """An event reply: its lines, then where to see more."""
        return _Reply([*lines, "", self._t(lang, "event.more")], True)

    def _nothing(self, question: str, q: LiveQuestion, asker: Asker) -> _Reply:
        label = self.events.render.projects_label(asker.lang, self._projects(question, asker))
        # a day named ("demain", "jeudi"): nothing that day, maybe some other day; a week
        # named ("la semaine prochaine"): nothing that week
        lang = asker.lang
        if q.day is not None or q.in_days is not None:
            said = self._t(lang, f"none_day.{q.kind or 'any'}", projects=label)
        elif q.in_weeks is not None:
            week = self._t(lang, f"week.in_{q.in_weeks}")
            said = self._t(lang, f"none_week.{q.kind or 'any'}", projects=label, week=week)
        else:
            said = self._t(lang, f"none.{q.kind or 'any'}", projects=label)
        return _Reply([said, self._t(lang, "none.more")], False)

    def _event_head(self, event: Event, asker: Asker) -> list[str]:
        """The event's card down to its time (title, kind, project, time in the asker's zone,
        or a group's zones), then "under way" or how long until it starts."""
        render = self.events.render
        lang = asker.lang
        now = self.clock.now()
        card = render.card(lang, event, self._where(event, asker), now=now)
        duration = render.t(lang, "card.duration", duration=render.duration(lang, event.duration))
        head = card.split("\n" + duration, 1)[0].split("\n")
        if render.t(lang, "card.ongoing") not in head:
            relative = render.relative(lang, event.starts_at - now)
            head.append(self._t(lang, "event.relative", relative=relative))
        return head

    # -- events -----------------------------------------------------------------------------

    async def _next_event(self, event: Event, asker: Asker, q: LiveQuestion) -> _Reply:
        lang = asker.lang
        render = self.events.render
        lines = [self.events.render.t(lang, "agenda.next_title"), *self._event_head(event, asker)]
        if event.place:
            lines.append(render.t(lang, "card.place", place=event.place))
        if event.link:
            lines.append(render.t(lang, "card.link", link=event.link))
        lines += self._programme(event, lang, asked=q.has("programme"))
        if asker.user_id is not None:
            answer = await self.events.answer_of(event.id, asker.user_id)
            if answer is not None:
                lines.append(render.t(lang, f"card.your_answer_{answer}"))
        return self._with_more(lang, lines)

    def _programme(self, event: Event, lang: str, *, asked: bool) -> list[str]:
        """The event's programme as /prochain shows it (its description, cut), or, when
        ``asked``, that it has none yet."""
        if event.description:
            text = event.description
            if len(text) > DESCRIPTION_MAX:
                text = text[: DESCRIPTION_MAX - 1] + "…"
            return [escape(text)]
        return [self._t(lang, "event.no_programme")] if asked else []

    async def _event_link(self, event: Event, asker: Asker, q: LiveQuestion) -> _Reply:
        lang = asker.lang
        render = self.events.render
        lines = self._event_head(event, asker)
        if event.link:
            lines.append(render.t(lang, "card.link", link=event.link))
        elif event.place:
            lines += [
                self._t(lang, "event.no_link"),
                render.t(lang, "card.place", place=event.place),
            ]
        else:
            lines.append(self._t(lang, "event.no_link"))
        if event.dial_in:
            lines.append(render.t(lang, "card.dial_in", dial_in=event.dial_in))
        # its programme asked too ("what's on the agenda? And the link also")
        if q.has("programme"):
            lines += self._programme(event, lang, asked=True)
        return self._with_more(lang, lines)

    async def _event_place(self, event: Event, asker: Asker, q: LiveQuestion) -> _Reply:
        lang = asker.lang
        lines = self._event_head(event, asker)
        if event.place:
            lines.append(self.events.render.t(lang, "card.place", place=event.place))
        elif event.link:
            lines.append(self._t(lang, "event.online", link=event.link))
        else:
            lines.append(self._t(lang, "event.no_place"))
        return self._with_more(lang, lines)

    async def _agenda(self, q: LiveQuestion, question: str, asker: Asker) -> _Reply:
        events = await self._upcoming(question, q, asker)
        projects = self._projects(question, asker)
        if not events:
            return self._nothing(question, q, asker)
        lang = asker.lang
        render = self.events.render
        lines = [self._t(lang, "agenda.title", projects=render.projects_label(lang, projects))]
        for event in events[:AGENDA_ITEMS]:
            lines.append(self._item(event, asker))
            # "il me faut l'adresse", "where is it": each event's place under its line
            if q.has("where") and event.place:
                lines.append("   " + render.t(lang, "card.place", place=event.place))
        if len(events) > AGENDA_ITEMS:
            lines.append(self._t(lang, "agenda.more", count=len(events) - AGENDA_ITEMS))
        lines += ["", self._t(lang, "agenda.footer")]
        return _Reply(lines, True)

    def _item(self, event: Event, asker: Asker) -> str:
        """The event as a line of the agenda: its time where asked, kind, title, project."""
        render = self.events.render
        lang = asker.lang
        tz = self._where(event, asker).tz or asker.zone or event.zone
        return self._t(
            lang,
            "agenda.item",
            when=render.when(lang, event.starts_at, tz),
            icon=render.t(lang, f"icons.{event.kind}"),
            title=event.title,
            project=render.project_name(event.project_id),
        )

    def _about(self, event: Event, asker: Asker) -> str:
        """The line naming the event asked about: its kind, title and time where asked."""
        render = self.events.render
        tz = self._where(event, asker).tz or asker.zone or event.zone
        return self._t(
            asker.lang,
            "rsvp.about",
            icon=render.t(asker.lang, f"icons.{event.kind}"),
            title=event.title,
            when=render.when(asker.lang, event.starts_at, tz),
        )

    async def _rsvp(self, event: Event, asker: Asker, q: LiveQuestion) -> _Reply:
        lang = asker.lang
        render = self.events.render
        lines = [self._about(event, asker)]
        answer = None
        if asker.user_id is not None:
            answer = await self.events.answer_of(event.id, asker.user_id)
        if answer is None:
            lines.append(self._t(lang, "rsvp.none"))
        else:
            lines += [
                render.t(lang, f"card.your_answer_{answer}"),
                "",
                self._t(lang, "rsvp.footer"),
            ]
        return _Reply(lines, True)

    async def _attendance(self, event: Event, asker: Asker, q: LiveQuestion) -> _Reply:
        """Who said they would come: the names as /reponses shows them, to those it shows them
        to (a coordinator, in private: names are personal data); to anyone else the counts."""
        lang = asker.lang
        render = self.events.render
        report = await self.events.rsvp_report(event.id, lang)
        if report is None:  # gone since it was listed
            return self._nothing("", q, asker)
        coordinator = asker.user_id is not None and await self.members.is_coordinator(asker.user_id)
        if coordinator and asker.group is None:
            text = render.rsvp_report(lang, report, self._zone_of(event, asker))
            return _Reply([text, "", self._t(lang, "attendance.footer_names", id=event.id)], True)
        lines = [self._about(event, asker)]
        counts = report.counts
        if counts.yes or counts.maybe or counts.no:
            lines.append(
                render.t(
                    lang, "rsvp.report_counts", yes=counts.yes, maybe=counts.maybe, no=counts.no
                )
            )
        else:
            lines.append(render.t(lang, "rsvp.none"))
        footer = "footer_private" if coordinator else "footer"
        lines += ["", self._t(lang, f"attendance.{footer}", id=event.id)]
        return _Reply(lines, True)

    # -- polls ------------------------------------------------------------------------------

    async def _polls(self, q: LiveQuestion, question: str, asker: Asker) -> _Reply:
        lang = asker.lang
        open_polls = await self.polls.latest_open()  # the newest first
        if not open_polls:
            return _Reply([self._t(lang, "polls.none")], False)
        # "le dernier sondage", "the latest poll": the newest open one
        shown = 1 if q.has("latest") else POLL_ITEMS
        if q.has("latest"):
            lines = [self._t(lang, "polls.latest")]
        else:
            lines = [self._t(lang, "polls.title", count=len(open_polls))]
        member = asker.member
        for poll in open_polls[:shown]:
            question_text, _options = poll_texts(self.catalogue, poll, lang)
            lines.append(
                self._t(
                    lang,
                    "polls.item",
                    id=poll.id,
                    project=self.polls.project_name(poll.project_id),
                    question=question_text,
                )
            )
            if poll.anonymous or asker.user_id is None:
                continue
            results = await self.polls.results(poll.id)
            if member is not None and member.organisation_id:
                answered = {o.id for o in results.answered}
                key = "org_answered" if member.organisation_id in answered else "org_missing"
            else:
                key = "you_answered" if asker.user_id in results.voter_ids else "you_missing"
            lines.append(self._t(lang, f"polls.{key}"))
        if len(open_polls) > shown:
            lines.append(self._t(lang, "polls.more", count=len(open_polls) - shown))
        lines += ["", self._t(lang, "polls.footer")]
        return _Reply(lines, True)


def _typed(question: str, words: Sequence[str]) -> str:
    """The words of ``question`` that fold to ``words``, as typed ("Yaoundé", not "yaounde")."""
    wanted = set(words)
    return " ".join(w.strip("?!.,;:«»\"'") for w in question.split() if set(tokenize(w)) & wanted)


def _relabel(html: str, label: str, city: str) -> str:
    """``html`` with the zone's label ``label`` said as the city typed: "(Douala)" after one
    time, "18:00 Douala" among several times."""
    if label == city:
        return html
    html = html.replace(f"({label})", f"({city})")
    pattern = rf"(?<=\d\d:\d\d ){re.escape(label)}\b|(?<=, ){re.escape(label)}\b"
    return re.sub(pattern, lambda _: city, html)
