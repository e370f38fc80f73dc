"""Resolvers about a project's actions, webinars and gatherings (milestones)."""

from __future__ import annotations

from datetime import date

from bot.i18n import Safe
from bot.knowledge.markup import (
    _bold,
    _day,
    _Reply,
    b,
    esc,
    i,
)
from bot.knowledge.models import (
    Action,
    Guest,
    Milestone,
    Place,
)
from bot.knowledge.query import (
    _Query,
)
from bot.knowledge.resolve_partnerships import PartnershipAnswers
from bot.knowledge.textnorm import tokenize
from bot.knowledge.words import (
    _GATHERING_WORDS,
    _MEETING_WORDS,
    _UNDECIDED,
)


class ActionAnswers(PartnershipAnswers):
    def _gatherings_in(self, countries: list[str]) -> list[tuple[str, int | None]]:
        """Gatherings (milestones, or actions with a place) held in these countries."""
        out: list[tuple[str, int | None]] = []
        types = ("gatherings", "political_technical_gathering", "seminar", "meeting")
        for a in self.kb.actions.values():
            if a.action_type not in types:
                continue
            if a.location and a.location.country in countries:
                out.append((a.id, None))
            for k, ms in enumerate(a.milestones):
                if ms.place and ms.place.country in countries:
                    out.append((a.id, k))
        return out

    def _gatherings_reply(self, held: list[tuple[str, int | None]], q: _Query) -> _Reply:
        lines: list[str] = []
        refs: list[str] = []
        for aid, k in held[:4]:
            a = self.kb.actions[aid]
            if lines:
                lines.append("")
            if k is None:
                lines.extend(self._action_detail(a, q.lang, q.today))
                refs.append(aid)
            else:
                r = self._gathering_reply(a, a.milestones[k], q.lang, q.today)
                lines.extend(r.lines)
                refs.extend(r.refs)
        return _Reply(lines, "gathering", refs=refs)

    def _action_label(self, a: Action, lang: str) -> str:
        if a.transversal or a.number is None:
            return self._w.t("action_transversal", lang)
        return self._w.t("action_number", lang, n=a.number)

    def _action_line(self, a: Action, lang: str) -> str:
        label = _bold(self._action_label(a, lang))
        return "• " + self._w.t("fmt.field", lang, label=label, value=a.title.get(lang))

    def _r_actions(self, pids: list[str], count: bool, lang: str) -> _Reply:
        w = self._w
        lines: list[str] = []
        refs: list[str] = []
        for pid in pids:
            p = self._p(pid)
            acts = self.kb.project_actions(pid)
            if lines:
                lines.append("")
            if count:
                numbered = [a for a in acts if a.number is not None]
                trans = len(acts) - len(numbered)
                if numbered:
                    params: dict[str, object] = {
                        "name": b(p.short_name),
                        "count": len(numbered),
                        "first": numbered[0].number,
                        "last": numbered[-1].number,
                    }
                    if trans:
                        lines.append(
                            w.t(
                                "actions_count",
                                lang,
                                transversal=w.s("transversal_n", lang, count=trans),
                                **params,
                            )
                        )
                    else:
                        lines.append(w.t("actions_count_plain", lang, **params))
                if p.announced_actions and p.announced_actions != len(numbered):
                    lines.append(w.t("actions_announced", lang, count=p.announced_actions))
            lines.append(
                w.t("actions_header", lang, name=b(p.short_name), span=self._arrow_span(p, lang))
            )
            lines.extend(self._action_line(a, lang) for a in acts)
            refs.extend(a.id for a in acts)
        return _Reply(lines, "actions_count" if count else "actions", refs=[*pids, *refs])

    def _action_detail(self, a: Action, lang: str, today: date) -> list[str]:
        w = self._w
        p = self._p(a.project)
        label = self._action_label(a, lang)
        lines = [
            w.t(
                "action_head",
                lang,
                name=_bold(esc(p.short_name)),
                label=_bold(label),
                title=a.title.get(lang),
            )
        ]
        lines.append(esc(a.description.get(lang)))
        for item in a.items:
            lines.append(f"• {esc(item.get(lang))}")
        if a.count:
            lines.append(w.bullet(lang, "count", a.count))
        if a.frequency:
            lines.append(w.bullet(lang, "frequency", a.frequency.get(lang)))
        elif a.per_year:
            lines.append(w.bullet(lang, "frequency", w.s("per_year", lang, n=a.per_year)))
        if a.topics and a.action_type not in ("self_assessment",):
            lines.append(w.bullet(lang, "topics", w.texts(a.topics, lang)))
        if a.location:
            lines.append(w.bullet(lang, "place", self._place(a.location, lang)))
        if a.participants and a.action_type != "self_assessment":
            lines.append(w.bullet(lang, "participants", a.participants.get(lang)))
        for g in a.guests:
            lines.append(w.bullet(lang, "guests", self._guests(g, lang)))
        if a.occasion and not a.milestones:
            lines.append(w.bullet(lang, "occasion", a.occasion.get(lang)))
        if a.timing:
            lines.append(w.bullet(lang, "timing", a.timing.get(lang)))
        if (deadline := self.kb.deadlines.get(a.id)) is not None:
            # its questionnaire, answered through the bot: when it is due
            lines.append(w.bullet(lang, "questionnaire_deadline", _day(deadline, lang)))
        for ms in a.milestones:
            lines.append(self._milestone_line(ms, lang, today, guests=False))
        return lines

    def _guests(self, g: Guest, lang: str) -> Safe:
        return self._w.s("guest_count", lang, n=g.count, who=g.who.get(lang))

    def _details(self, aids: list[str], lang: str, today: date) -> list[str]:
        lines: list[str] = []
        for aid in aids:
            if lines:
                lines.append("")
            lines.extend(self._action_detail(self.kb.actions[aid], lang, today))
        return lines

    def _r_action_number(self, pids: list[str], number: int, lang: str, q: _Query) -> _Reply:
        lines: list[str] = []
        refs: list[str] = []
        for pid in pids:
            acts = [a for a in self.kb.project_actions(pid) if a.number == number]
            if not acts:
                if len(pids) == 1 or q.ids("project"):
                    name = b(self._p(pid).short_name)
                    lines.append(self._w.t("no_action", lang, name=name, n=number))
                continue
            if lines:
                lines.append("")
            lines.extend(self._action_detail(acts[0], lang, q.today))
            refs.append(acts[0].id)
        if not lines:
            return _Reply([self._w.t("not_found", lang)], "action", found=False)
        return _Reply(lines, "action", found=bool(refs), refs=refs)

    def _r_actions_of_type(
        self, pids: list[str], types: tuple[str, ...], lang: str, q: _Query
    ) -> _Reply:
        lines: list[str] = []
        refs: list[str] = []
        for pid in pids:
            for a in self.kb.project_actions(pid):
                if a.action_type in types:
                    if lines:
                        lines.append("")
                    lines.extend(self._action_detail(a, lang, q.today))
                    refs.append(a.id)
        if not lines:
            return _Reply([self._w.t("not_found", lang)], "action_type", found=False)
        return _Reply(lines, "action_type", refs=refs)

    def _r_webinars(
        self, pids: list[str], lang: str, total: bool = False, topics: bool = False
    ) -> _Reply:
        """A project's webinars; with ``topics`` (the question asks which), topics the
        documents leave to be decided ("chosen by the local governments": words of the list
        ``undecided``) make a partial answer."""
        w = self._w
        lines: list[str] = []
        refs: list[str] = []
        counts: list[int] = []
        decided, listed = False, False
        for pid in pids:
            p = self._p(pid)
            acts = [a for a in self.kb.project_actions(pid) if a.action_type == "webinars"]
            if not acts:
                if len(pids) == 1:
                    lines.append(w.t("no_webinars", lang, name=b(p.short_name)))
                continue
            for a in acts:
                freq = Safe(f", {esc(a.frequency.get(lang))}") if a.frequency else ""
                key = "webinars_line" if a.count else "webinars_line_nocount"
                params: dict[str, object] = {"name": b(p.short_name), "frequency": freq}
                if a.count:
                    params["count"] = a.count
                    counts.append(a.count)
                lines.append(w.t(key, lang, action=a.number, **params))
                if a.topics:
                    lines.append("  " + w.field(lang, "topics", w.texts(a.topics, lang)))
                    said = {t for topic in a.topics for t in tokenize(f"{topic.fr} {topic.en}")}
                    decided = decided or not said & _UNDECIDED
                    listed = True
                refs.append(a.id)
        if not lines:
            return _Reply([w.t("not_found", lang)], "webinars", found=False)
        if total and len(counts) > 1:
            lines.append(_bold(w.t("webinars_total", lang, count=sum(counts))))
        if topics and listed and not decided:
            missing = w.t("gaps.missing_any", lang, attribute=w.s("gaps.attribute.topics", lang))
            return _Reply([missing, *lines], "webinars", found=False, refs=refs)
        return _Reply(lines, "webinars", refs=refs)

    def _place(self, place: Place, lang: str) -> str:
        """A place as plain text (escape it when putting it in HTML)."""
        parts: list[str] = []
        if place.venue:
            parts.append(place.venue.get(lang))
        if place.city:
            parts.append(place.city)
        if place.country:
            parts.append(self._country_name(place.country, lang))
        text = ", ".join(dict.fromkeys(parts))
        if place.description:
            text = (
                f"{text} — {place.description.get(lang)}" if text else place.description.get(lang)
            )
        return text

    def _milestone_status(self, ms: Milestone, today: date, lang: str) -> str:
        """ "terminé" / "à venir", or "cette année" for a year-only date including today."""
        st = ms.status(today)
        if st is None:
            return ""
        if st == "ongoing" and ms.date is not None and ms.date.precision != "day":
            period = "month" if ms.date.precision == "month" else "year"
            return self._w.catalogue.raw(lang, f"answers.status.this_{period}")
        return self._w.catalogue.raw(lang, f"answers.status.{st}")

    def _milestone_line(self, ms: Milestone, lang: str, today: date, guests: bool = True) -> str:
        w = self._w
        bits: list[str] = []
        if ms.date:
            st = self._milestone_status(ms, today, lang)
            bits.append(ms.date.format(lang) + (f" ({st})" if st else ""))
        if ms.place:
            bits.append(self._place(ms.place, lang))
        value = esc(", ".join(bits))
        if ms.occasion:
            value += f" — {esc(ms.occasion.get(lang))}"
        extra: list[str] = []
        if guests and ms.participants:
            extra.append(esc(ms.participants.get(lang)))
        if guests or ms.guests:
            extra.extend(
                w.t("extra_guests", lang, n=g.count, who=g.who.get(lang)) for g in ms.guests
            )
        if extra and not guests:
            value += f" — {' '.join(extra)}"
        line = "• " + w.t("fmt.field", lang, label=b(ms.title.get(lang)), value=Safe(value))
        if extra and guests:
            line += "\n  " + w.field(lang, "participants", Safe(" ".join(extra)))
        if ms.notes:
            line += f" {i(ms.notes.get(lang))}"
        return line

    def _r_gatherings(self, pids: list[str], q: _Query) -> _Reply:
        w = self._w
        lang = q.lang
        types = {"gatherings", "political_technical_gathering"}
        if any(t in q.tokens for t in _MEETING_WORDS) or "rendez" in q.tokens:
            types.add("meeting")
        acts = [a for pid in pids for a in self.kb.project_actions(pid) if a.action_type in types]
        if not acts:
            names = w.join([esc(self._p(p).short_name) for p in pids], lang)
            return _Reply([w.t("gatherings_none", lang, name=_bold(names))], "gatherings")
        all_acts = acts
        if len(acts) > 1:
            chosen = set(self._match_actions(q, pids))
            acts = [a for a in acts if a.id in chosen] or acts
        wanted: int | None = q.ordinal
        if wanted is None and q.action_no is None:
            for tok_a, tok_b in zip(q.tokens, q.tokens[1:], strict=False):
                if tok_a in _GATHERING_WORDS and tok_b.isdigit() and len(tok_b) == 1:
                    wanted = int(tok_b)
        with_ms = [(a, ms) for a in acts for ms in a.milestones if ms.number is not None]
        if not with_ms and (wanted is not None or q.cues.any("next", "last")):
            with_ms = [(a, ms) for a in all_acts for ms in a.milestones if ms.number is not None]
        if "next" in q.cues and with_ms:
            upcoming = [
                (a, ms)
                for a, ms in with_ms
                if ms.date is not None and ms.date.last_day() >= q.today
            ]
            if not upcoming:
                return _Reply([w.t("next_none", lang, date=_day(q.today, lang))], "gathering")
            a, ms = upcoming[0]
            return self._gathering_reply(a, ms, lang, q.today)
        if "last" in q.cues and with_ms and wanted is None:
            a, ms = with_ms[-1]
            return self._gathering_reply(a, ms, lang, q.today)
        if wanted is not None and with_ms:
            hits = [(a, ms) for a, ms in with_ms if ms.number == wanted]
            if hits:
                lines: list[str] = []
                refs: list[str] = []
                for a, ms in hits:
                    r = self._gathering_reply(a, ms, lang, q.today)
                    lines.extend(r.lines)
                    refs.extend(r.refs)
                return _Reply(lines, "gathering", refs=refs)
            return _Reply([w.t("milestone_none", lang, n=wanted)], "gathering", found=False)
        lines = []
        refs = []
        for a in acts:
            p = self._p(a.project)
            if lines:
                lines.append("")
            lines.append(
                w.t(
                    "action_head",
                    lang,
                    name=_bold(esc(p.short_name)),
                    label=_bold(self._action_label(a, lang)),
                    title=a.title.get(lang),
                )
            )
            lines.append(esc(a.description.get(lang)))
            if not a.milestones:
                if a.frequency:
                    lines.append(w.bullet(lang, "frequency", a.frequency.get(lang)))
                if a.location:
                    lines.append(w.bullet(lang, "place", self._place(a.location, lang)))
                if a.topics:
                    lines.append(w.bullet(lang, "topics", w.texts(a.topics, lang)))
                if a.occasion:
                    lines.append(w.bullet(lang, "occasion", a.occasion.get(lang)))
            if a.participants:
                lines.append(w.bullet(lang, "participants", a.participants.get(lang)))
            for g in a.guests:
                lines.append(w.bullet(lang, "guests", self._guests(g, lang)))
            if a.milestones and a.action_type != "meeting":
                for ms in a.milestones:
                    lines.append(self._milestone_line(ms, lang, q.today, guests=False))
            refs.append(a.id)
        return _Reply(lines, "gatherings", refs=refs)

    def _r_next_step(self, pids: list[str], q: _Query) -> _Reply:
        """The next dated step of the projects' plans after today (a gathering, a meeting,
        a seminar), from their actions' milestones."""
        w = self._w
        lang = q.lang
        ahead = sorted(
            (
                (ms.date.first_day(), k, a, ms)
                for pid in pids
                for k, a in enumerate(self.kb.project_actions(pid))
                for ms in a.milestones
                if ms.date is not None and ms.date.last_day() >= q.today
            ),
            key=lambda t: (t[0], t[1]),
        )
        if not ahead:
            names = w.join([esc(self._p(p).short_name) for p in pids], lang)
            return _Reply(
                [w.t("next_step_none", lang, name=_bold(names), date=_day(q.today, lang))],
                "next_step",
            )
        _, _, a, ms = ahead[0]
        reply = self._gathering_reply(a, ms, lang, q.today)
        reply.lines.insert(0, w.t("next_step_head", lang))
        reply.intent = "next_step"
        return reply

    def _gathering_reply(self, a: Action, ms: Milestone, lang: str, today: date) -> _Reply:
        w = self._w
        p = self._p(a.project)
        head = w.t(
            "gathering_head",
            lang,
            name=_bold(esc(p.short_name)),
            title=_bold(esc(ms.title.get(lang))),
        )
        lines = [head]
        if ms.date:
            st = self._milestone_status(ms, today, lang)
            lines.append(
                w.bullet(lang, "timing", ms.date.format(lang)) + (f" ({esc(st)})" if st else "")
            )
        place = self._place(ms.place, lang) if ms.place else ""
        if place:
            lines.append(w.bullet(lang, "place", place))
        if ms.occasion:
            lines.append(w.bullet(lang, "occasion", ms.occasion.get(lang)))
        who = ms.participants or a.participants
        if who:
            lines.append(w.bullet(lang, "participants", who.get(lang)))
        for g in ms.guests:
            lines.append(w.bullet(lang, "guests", self._guests(g, lang)))
        if ms.notes:
            lines.append(i(ms.notes.get(lang)))
        return _Reply(lines, "gathering", refs=[a.id])
