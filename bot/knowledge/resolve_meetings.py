"""Resolvers about meetings and their agenda, networks and glossary terms."""

from __future__ import annotations

import re
from datetime import time

from bot.i18n import Safe
from bot.knowledge.lexicon import NUMBER_WORDS
from bot.knowledge.markup import (
    _bold,
    _capitalise,
    _Reply,
    b,
    esc,
    i,
)
from bot.knowledge.models import (
    AgendaItem,
    Meeting,
    Network,
    Organisation,
    Person,
    Project,
    Term,
    Text,
)
from bot.knowledge.query import (
    _Query,
)
from bot.knowledge.resolve_members import MemberAnswers
from bot.knowledge.textnorm import STOPWORDS, tokenize
from bot.knowledge.words import (
    _FACILITATING,
    _HEADCOUNT_WORDS,
    _SPEAKER_WORDS,
    _SUPERLATIVE,
)


def _counted(m: Meeting, q: _Query) -> tuple[str, list[Text]] | None:
    """The one list of a meeting (its parts, objectives, highlights) with as many items as
    the number the question gives ("les trois temps", "the 3 objectives"), if any."""
    numbers = {NUMBER_WORDS[t] for t in q.tokens if t in NUMBER_WORDS}
    numbers |= {int(t) for t in q.tokens if t.isdigit() and len(t) == 1}
    numbers.discard(1)
    if len(numbers) != 1:
        return None
    n = numbers.pop()
    lists = [
        (label, items)
        for label, items in (
            ("programme", list(m.parts)),
            ("objectives", list(m.objectives)),
            ("outcomes", list(m.outcomes)),
        )
        if len(items) == n
    ]
    return lists[0] if len(lists) == 1 else None


class MeetingAnswers(MemberAnswers):
    def _headcount(self, q: _Query, meetings: list[str]) -> _Reply | None:
        """How many people came to a meeting: what the record says, else "not in my data"."""
        if "count" not in q.cues or not set(q.tokens) & _HEADCOUNT_WORDS or not meetings:
            return None
        m = self.kb.meetings[meetings[0]]
        if m.participants:
            line = self._w.bullet(q.lang, "participants", m.participants.get(q.lang))
            return _Reply([b(m.title.get(q.lang)), line], "meeting", refs=[m.id])
        about = self._w.s("about", q.lang, name=m.title.get(q.lang))
        return _Reply([self._w.t("unknown_attr", q.lang, about=about)], "unknown", found=False)

    def _r_terms(
        self, tids: list[str], _extra: list[str], lang: str, q: _Query | None = None
    ) -> _Reply:
        w = self._w
        lines: list[str] = []
        for tid in tids[:4]:
            t = self.kb.terms[tid]
            if lines:
                lines.append("")
            name = t.term_en if (lang == "en" and t.term_en) else t.term
            head = f"{b(t.acronym)} — {esc(name)}" if t.acronym and t.acronym != name else b(name)
            if lang == "en" and t.term_en and t.term_en != t.term:
                head += f" ({i(t.term)})"
            lines.append(head)
            lines.append(esc(t.definition.get(lang)))
            if t.parent:
                lines.append(
                    w.t("term_parent", lang, parent=Safe(self._term_label(t.parent, lang)))
                )
            funded = [
                p
                for p in self.kb.projects.values()
                if tid in {f.body for f in p.funders} or p.co_financing_body == tid
            ]
            if funded:
                items = [
                    f"{b(p.short_name)}"
                    + (
                        f" ({w.pct(p.co_financing_rate, lang)})"
                        if p.co_financing_rate and p.co_financing_body == tid
                        else ""
                    )
                    for p in funded
                ]
                body = _capitalise(self._body(tid, lang))
                lines.append(w.t("term_funds", lang, body=body, list=Safe(w.join(items, lang))))
            under = [p for p in self.kb.projects.values() if p.call_term == tid]
            if under:
                items = [
                    f"{b(p.short_name)} ({w.quoted(p.call_for_projects or '', lang)})"
                    for p in under
                ]
                lines.append(w.t("term_call", lang, list=Safe(w.join(items, lang))))
        return _Reply(lines, "glossary", refs=tids)

    def _r_networks(self, nids: list[str], lang: str, q: _Query | None = None) -> _Reply:
        w = self._w
        lines: list[str] = []
        # two networks named: how they relate is in their descriptions, not their objectives
        objectives_only = q is not None and "objectives" in q.cues and len(nids) == 1
        for nid in nids[:4]:
            n = self.kb.networks[nid]
            if lines:
                lines.append("")
            head: str = b(n.name)
            if n.acronym and n.acronym != n.name:
                head += f" ({esc(n.acronym)})"
            head += f" — {esc(n.network_type.get(lang))}"
            lines.append(head)
            if objectives_only and n.objectives:
                lines.append(w.heading(lang, "objectives"))
                lines.extend(f"• {esc(o.get(lang))}" for o in n.objectives)
                continue
            if q is not None and "join" in q.cues and (n.form or n.open_to):
                if n.open_to:
                    lines.append(w.bullet(lang, "network_open", n.open_to.get(lang)))
                if n.form:
                    lines.append(w.bullet(lang, "network_form", n.form.get(lang)))
                continue
            lines.append(esc(n.description.get(lang)))
            if n.place:
                lines.append(w.bullet(lang, "network_place", self._place(n.place, lang)))
            if n.territory:
                lines.append(w.bullet(lang, "network_territory", n.territory.get(lang)))
            if n.hosted_by and n.hosted_by in self.kb.networks:
                lines.append(w.bullet(lang, "network_hosted", self.kb.networks[n.hosted_by].name))
            if n.projects:
                names = w.join(
                    [b(self._p(x).short_name) for x in n.projects if x in self.kb.projects],
                    lang,
                )
                lines.append("• " + w.t("network_projects", lang, list=Safe(names)))
            if n.objectives:
                lines.append(w.bullet(lang, "objectives", w.texts(n.objectives, lang)))
            if n.open_to:
                lines.append(w.bullet(lang, "network_open", n.open_to.get(lang)))
        return _Reply(lines, "network", refs=nids)

    def _meeting_when(self, m: Meeting, lang: str) -> str:
        """Date(s) and place of a meeting, plain text."""
        d = m.date.format(lang)
        if m.end_date:
            d = f"{d} – {m.end_date.format(lang)}"
        place = f" — {self._place(m.place, lang)}" if m.place else ""
        return f"{d}{place}"

    def _length(self, start: time, end: time, lang: str) -> str:
        """How long from ``start`` to ``end``: "45 minutes", "3 h 30" ("how long did it run")."""
        minutes = (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute)
        if minutes < 60:
            return self._w.t("length_minutes", lang, count=minutes)
        hours, rest = divmod(minutes, 60)
        if not rest:
            return self._w.t("length_hours", lang, count=hours)
        return self._w.t(
            "length_hours_minutes", lang, hours=hours, minutes=f"{rest:02d}", total=minutes
        )

    def _hours(self, start: time, end: time, lang: str) -> Safe:
        return self._w.s(
            "meeting_span", lang, start=self._w.hm(start, lang), end=self._w.hm(end, lang)
        )

    def _r_meeting(self, mids: list[str], q: _Query, force: str | None = None) -> _Reply:
        w = self._w
        lang = q.lang
        c = q.cues
        lines: list[str] = []
        for mid in mids[:3]:
            m = self.kb.meetings[mid]
            if lines:
                lines.append("")
            lines.append(f"{b(m.title.get(lang))}")
            lines.append(w.t("meeting_date", lang, when=self._meeting_when(m, lang)))
            counted = _counted(m, q)
            if counted and force != "agenda":
                # "the three moments of the workshop": the only list of that many items
                label, items = counted
                lines.append(w.t("fmt.heading", lang, label=_bold(w.t(label, lang))))
                lines.extend(f"• {esc(t.get(lang))}" for t in items)
                continue
            most = self._leads_most(m, q) if c.any("animator", "who") else None
            if most is not None:
                # "who leads most of the items": the person named for the most of them
                for person, led in most:
                    lines.append(
                        w.t(
                            "leads_most",
                            lang,
                            name=person.name,
                            role=person.role.get(lang),
                            count=len(led),
                            total=len(m.agenda),
                        )
                    )
                    lines.extend(self._agenda_line(item, lang) for item in led)
                    minutes = sum(
                        (i.end.hour * 60 + i.end.minute) - (i.start.hour * 60 + i.start.minute)
                        for i in led
                    )
                    length = self._length(time(0), time(minutes // 60, minutes % 60), lang)
                    lines.append(w.bullet(lang, "length_led", length))
                continue
            said = self._said_of(m, q, lang)
            if said and force != "agenda" and not c.any("agenda", "time", "when_explicit"):
                # "what did <a record it names> present at the workshop": what it says of it
                lines.extend(f"• {esc(text)}" for text in said)
                continue
            prose = self._prose_of(m, q, lang)
            if prose and force != "agenda" and not c.any("agenda", "time", "when_explicit"):
                # "which Twitter account relayed the panel": the sentence of the record saying it
                lines.extend(f"• {esc(text)}" for text in prose)
                continue
            if (
                m.agenda
                and (c.any("time", "when_explicit", "duration") or force == "agenda")
                and not c.any("agenda")
            ):
                span = self._hours(m.agenda[0].start, m.agenda[-1].end, lang)
                lines.append(w.t("meeting_hours", lang, span=span))
                if c.any("duration"):
                    length = self._length(m.agenda[0].start, m.agenda[-1].end, lang)
                    lines.append(w.bullet(lang, "length", length))
            if force == "agenda" or c.any("agenda", "time"):
                if m.agenda:
                    lines.append(w.t("fmt.heading", lang, label=_bold(w.t("programme", lang))))
                    for item in m.agenda:
                        lines.append(self._agenda_line(item, lang))
                    continue
                if m.parts:
                    lines.append(w.t("fmt.heading", lang, label=_bold(w.t("programme", lang))))
                    lines.extend(f"• {esc(p.get(lang))}" for p in m.parts)
                    continue
            if c.any("objectives") and m.objectives:
                lines.append(w.t("fmt.heading", lang, label=_bold(w.t("objectives", lang))))
                lines.extend(f"• {esc(o.get(lang))}" for o in m.objectives)
                if m.outcomes:
                    # what the meeting set as new goals belongs to the same question
                    lines.append(w.bullet(lang, "outcomes", w.texts(m.outcomes, lang)))
                continue
            if m.agenda and set(q.tokens) & _SPEAKER_WORDS:
                lines.append(w.t("fmt.heading", lang, label=_bold(w.t("programme", lang))))
                lines.extend(self._agenda_line(item, lang) for item in m.agenda if item.facilitator)
                continue
            if c.any("animator") and (m.organisers or m.parts):
                if m.organisers:
                    names = [self._record_name(o, lang) for o in m.organisers]
                    lines.append(w.bullet(lang, "organisers", ", ".join(names)))
                lines.extend(f"• {esc(p.get(lang))}" for p in m.parts)
                continue
            if c.any("outcomes") and (m.highlights or m.outcomes):
                lines.extend(f"• {esc(h.get(lang))}" for h in m.highlights)
                if m.outcomes:
                    lines.append(w.bullet(lang, "outcomes", w.texts(m.outcomes, lang)))
                continue
            if c.any("participants", "who") and m.participants:
                lines.append(w.bullet(lang, "participants", m.participants.get(lang)))
                continue
            if m.organisers:
                names = [self._record_name(o, lang) for o in m.organisers]
                lines.append(w.bullet(lang, "organisers", ", ".join(names)))
            if m.occasion:
                lines.append(w.bullet(lang, "occasion", m.occasion.get(lang)))
            if c.any("where", "when") and not c.any("describe", "meaning"):
                continue
            if m.context:
                lines.append(esc(m.context.get(lang)))
            if m.objectives:
                lines.append(w.bullet(lang, "objectives", w.texts(m.objectives, lang)))
            if m.participants:
                lines.append(w.bullet(lang, "participants", m.participants.get(lang)))
            if m.parts and not m.agenda:
                lines.append(w.bullet(lang, "programme", w.texts(m.parts, lang)))
            if m.highlights:
                lines.append(w.bullet(lang, "highlights", w.texts(m.highlights, lang)))
            if m.outcomes:
                lines.append(w.bullet(lang, "outcomes", w.texts(m.outcomes, lang)))
            if m.agenda:
                span = self._hours(m.agenda[0].start, m.agenda[-1].end, lang)
                value = w.s("meeting_agenda_span", lang, span=span, count=len(m.agenda))
                lines.append(w.bullet(lang, "programme", value))
        return _Reply(lines, "meeting", refs=mids)

    def _leads_most(
        self, m: Meeting, q: _Query, itself: bool = True
    ) -> list[tuple[Person, list[AgendaItem]]] | None:
        """The people leading the most items of a meeting's agenda, asked with a superlative
        ("qui anime la plupart des points", "who facilitates most of the items") or of the
        meeting itself ("qui animait la rencontre"); None when not asked or when no one leads
        more than one item."""
        # "qui animait la rencontre", "who facilitated the meeting": who leads the most items
        asked = bool(set(q.tokens) & (_SUPERLATIVE | (_FACILITATING if itself else set())))
        if not m.agenda or not asked:
            return None
        counts: dict[str, list[AgendaItem]] = {}
        for p in self.kb.people.values():
            starts = {lead.start for lead in p.leads if lead.meeting == m.id}
            items = [item for item in m.agenda if item.start in starts]
            if items:
                counts[p.id] = items
        if not counts:
            return None
        top = max(len(items) for items in counts.values())
        if top < 2:
            return None
        return [(self.kb.people[pid], items) for pid, items in counts.items() if len(items) == top]

    def _said_of(self, m: Meeting, q: _Query, lang: str) -> list[str]:
        """What the meeting's record says of the organisations and terms the question names
        (besides the meeting): its parts, highlights and outcomes naming one of them."""
        labels: set[str] = set()
        for mention in q.mentions:
            if mention.ref.kind not in ("organisation", "term", "network"):
                continue
            rec = self.kb.get(mention.ref.id)
            if rec is None or rec.id == m.id:
                continue
            for label in (
                getattr(rec, "acronym", None),
                getattr(rec, "name", None),
                getattr(rec, "term", None),
                getattr(rec, "term_en", None),
            ):
                if isinstance(label, str) and len(label) >= 3:
                    labels.add(label.casefold())
        if not labels:
            return []
        texts = [t.get(lang) for t in (*m.parts, *m.highlights, *m.outcomes)]
        return [t for t in texts if any(label in t.casefold() for label in labels)]

    def _prose_of(self, m: Meeting, q: _Query, lang: str) -> list[str]:
        """Sentences of the meeting's prose (context, participants, occasion, objectives,
        parts, highlights, outcomes) holding the question's own words -- neither cue words,
        common words nor the names of the records it names (two such words, or one for a
        question with at most three): what it asks that no field answers (at most two)."""
        from bot.knowledge.documents import stems
        from bot.knowledge.lexicon import COMMON_WORDS, cue_vocabulary

        named: set[str] = set()
        for rid in {m.id, *(x.ref.id for x in q.mentions)}:
            rec = self.kb.get(rid)
            names = list(rec.names()) if rec is not None else []
            if isinstance(rec, Meeting):
                names += [rec.title.fr, rec.title.en, rec.meeting_type.fr, rec.meeting_type.en]
                if rec.place is not None and rec.place.city:
                    names.append(rec.place.city)
            for name in names:
                named.update(tokenize(name))
        cues = cue_vocabulary()
        asked = {
            stem
            for token in q.tokens
            if len(token) >= 4 and token.isalpha() and token not in cues
            if token not in COMMON_WORDS and token not in named and token not in STOPWORDS
            for stem in stems(token)
        }
        if not asked:
            return []
        enough = 1 if len(asked) <= 3 else 2
        fields = [m.context, m.participants, m.occasion]
        fields += [*m.objectives, *m.parts, *m.highlights, *m.outcomes]
        scored: list[tuple[int, int, str]] = []
        for k, text in enumerate(t.get(lang) for t in fields if t is not None):
            for j, sentence in enumerate(re.split(r"(?<=[.!?])\s+", text)):
                hits = len(asked & set(stems(sentence)))
                if hits >= enough:
                    scored.append((-hits, k * 100 + j, sentence))
        return [sentence for _, _, sentence in sorted(scored)[:2]]

    def _record_name(self, rid: str, lang: str) -> str:
        rec = self.kb.get(rid)
        if isinstance(rec, Term):
            return rec.acronym or (rec.term_en if lang == "en" and rec.term_en else rec.term)
        if isinstance(rec, Network) and rec.acronym and rec.acronym not in rec.name:
            return f"{rec.name} ({rec.acronym})"  # the short name people use for it too
        if isinstance(rec, (Organisation, Network)):
            return rec.name
        if isinstance(rec, Project):
            return rec.short_name
        return rid

    def _agenda_line(self, item: AgendaItem, lang: str) -> str:
        who = f" — {esc(f)}" if (f := self._people.facilitators(item, lang)) else ""
        hours = b(f"{self._w.hm(item.start, lang)}–{self._w.hm(item.end, lang)}")
        return f"• {hours} {esc(item.activity.get(lang))}{who}"

    def _r_agenda_item(self, mid: str, k: int, q: _Query) -> _Reply:
        w = self._w
        lang = q.lang
        m = self.kb.meetings[mid]
        item = m.agenda[k]
        lines = [
            w.t(
                "agenda_item",
                lang,
                activity=w.quoted(b(item.activity.get(lang)), lang),
                start=b(w.hm(item.start, lang)),
                end=b(w.hm(item.end, lang)),
                date=m.date.format(lang),
                meeting=m.title.get(lang),
            )
        ]
        if q.cues.any("duration"):
            lines.append(w.bullet(lang, "length", self._length(item.start, item.end, lang)))
        who = self._people.facilitators(item, lang)
        if who:
            lines.append(w.bullet(lang, "facilitator", who))
        if m.place:
            lines.append(w.bullet(lang, "place", self._place(m.place, lang)))
        if not who and q.cues.any("who", "animator") and not q.cues.any("time", "when_explicit"):
            # who led an item the programme gives no one for: the documents do not say
            missing = w.t("gaps.missing_any", lang, attribute=w.s("gaps.attribute.led_by", lang))
            return _Reply([missing, *lines], "agenda_item", found=False, refs=[mid])
        return _Reply(lines, "agenda_item", refs=[mid])
