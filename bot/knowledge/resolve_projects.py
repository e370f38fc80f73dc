"""Resolvers about projects: list, card, dates, status, funding, call, animator."""

from __future__ import annotations

import re
from datetime import date

from bot.i18n import Safe
from bot.knowledge.extract import QueryExtractor
from bot.knowledge.markup import (
    _ENGLISH_THE_TYPES,
    _bold,
    _Reply,
    b,
    esc,
    i,
)
from bot.knowledge.models import (
    Network,
    Organisation,
    Project,
    Term,
)
from bot.knowledge.query import (
    _Query,
)
from bot.knowledge.vocabulary import vocabulary
from bot.knowledge.words import _COMPARISON, _REMAINING

# a share or an amount in a funder's mention ("25 %", "105 000 €")
_SHARE_OR_AMOUNT = re.compile(r"\d\s*%|\d\s*€|€\s*\d|\d\s*(?:euros?|EUR)\b", re.IGNORECASE)
_AMOUNT_IN = re.compile(r"\d\s*€|€\s*\d|\d\s*(?:euros?|EUR)\b", re.IGNORECASE)
# an acronym written as one ("WFP", "EU"): capitals only
_ACRONYM = re.compile(r"[A-Z]{2,6}")


class ProjectAnswers(QueryExtractor):
    def _r_projects(
        self,
        pids: list[str],
        lang: str,
        today: date,
        status: str | None,
        count: bool = False,
    ) -> _Reply:
        w = self._w
        chosen = [pid for pid in pids if status is None or self._p(pid).status(today) == status]
        if status is not None:
            if not chosen:
                return _Reply(
                    [w.t(f"projects_status_none.{status}", lang)], "projects_list", refs=[]
                )
            lines: list[str] = [_bold(w.t(f"projects_status_header.{status}", lang))]
        else:
            head = (
                w.t("projects_header_1", lang)
                if len(chosen) == 1
                else w.t("projects_header", lang, count=len(chosen))
            )
            lines = [_bold(head)]
        for pid in chosen:
            p = self._p(pid)
            item = w.t(
                "project_item",
                lang,
                name=b(p.short_name),
                start=p.period_start_year,
                end=p.period_end_year,
                status=w.status(p.status(today), lang),
                theme=p.theme.get(lang),
            )
            lines.append(f"• {item}")
        return _Reply(lines, "projects_list", refs=chosen)

    def _r_project_card(self, p: Project, lang: str, today: date) -> _Reply:
        w = self._w
        lines = [f"{b(p.short_name)} — {i(p.title.get(lang))}", esc(p.description.get(lang))]
        st = w.status(p.status(today), lang)
        lines.append(
            "• "
            + w.t(
                "fmt.field",
                lang,
                label=w.s("dates", lang),
                value=Safe(f"{self._span(p, lang)} ({esc(st)})"),
            )
        )
        fund = self._funding_sentence(p, lang)
        if fund:
            lines.append(f"• {fund}")
        lines.append(f"• {self._members_count(p.id, lang)}")
        acts = self.kb.project_actions(p.id)
        if acts:
            lines.append(f"• {w.t('project_actions_line', lang, count=len(acts))}")
        return _Reply(lines, "project_card", refs=[p.id])

    def _members_count(self, pid: str, lang: str, members: list[Organisation] | None = None) -> str:
        """ "17 membres, 6 pays" (HTML)."""
        members = self._members_of(pid) if members is None else members
        ncountries = len({o.country for o in members})
        return self._w.t(
            "members_count_countries",
            lang,
            members=self._w.s("members_n", lang, count=len(members)),
            countries=self._w.s("countries_n", lang, count=ncountries),
        )

    def _r_overview(
        self, pids: list[str], lang: str, today: date, objectives: bool = False
    ) -> _Reply:
        lines: list[str] = []
        for pid in pids:
            p = self._p(pid)
            lines.append(f"{b(p.short_name)} — {i(p.title.get(lang))}")
            lines.append(esc(p.description.get(lang)))
            if objectives and p.expected_results:
                lines.append(esc(p.expected_results.get(lang)))
            if len(pids) > 1:
                lines.append("")
        return _Reply(lines, "project_overview", refs=pids)

    def _r_dates(
        self,
        pids: list[str],
        lang: str,
        today: date,
        duration: bool = False,
        order: bool = False,
        latest: bool = False,
    ) -> _Reply:
        w = self._w
        lines: list[str] = []
        if order and len(pids) > 1:
            # which started first: the earliest start, then the others' dates below
            starts = sorted(((self._p(pid).start(), pid) for pid in pids), reverse=latest)
            first = self._p(starts[0][1])
            if starts[0][0] == starts[1][0]:
                names = w.join([b(self._p(pid).short_name) for _, pid in starts], lang)
                lines.append(
                    _bold(
                        w.t(
                            "dates_same_start",
                            lang,
                            names=Safe(names),
                            start=first.actions_start.format(lang),
                        )
                    )
                )
            else:
                lines.append(
                    _bold(
                        w.t(
                            "dates_last" if latest else "dates_first",
                            lang,
                            name=b(first.short_name),
                            start=first.actions_start.format(lang),
                        )
                    )
                )
        for pid in pids:
            p = self._p(pid)
            line = w.t(
                "dates_line",
                lang,
                name=b(p.short_name),
                period=w.s("period", lang, start=p.period_start_year, end=p.period_end_year),
                span=self._span(p, lang),
                status=w.status(p.status(today), lang),
            )
            if duration:
                start, end = p.start(), p.end()
                months = (end.year - start.year) * 12 + end.month - start.month + 1
                line += " " + w.t("duration_months", lang, count=months)
            lines.append(line)
        return _Reply(lines, "project_dates", refs=pids)

    def _r_status(self, pids: list[str], lang: str, today: date) -> _Reply:
        lines = []
        for pid in pids:
            p = self._p(pid)
            lines.append(
                self._w.t(
                    f"status_line.{p.status(today)}",
                    lang,
                    name=b(p.short_name),
                    start=p.actions_start.format(lang),
                    end=p.actions_end.format(lang),
                )
            )
        return _Reply(lines, "project_status", refs=pids)

    def _term_label(self, tid: str, lang: str, long: bool = True) -> str:
        """A glossary term as HTML: its short name with its full name, or the short name alone."""
        t = self.kb.terms.get(tid)
        if t is None:
            rec = self.kb.get(tid)
            return esc(getattr(rec, "name", tid))
        name = t.term_en if (lang == "en" and t.term_en) else t.term
        acronym = t.acronym
        if lang == "en" and t.term_en and acronym:
            # the English acronym among the aliases ("WFP" for "PAM"), when there is one
            acronym = next((a for a in t.aliases if _ACRONYM.fullmatch(a)), acronym)
        if acronym and acronym != name:
            return f"{esc(acronym)} ({esc(name)})" if long else esc(acronym)
        return esc(name)

    def _body(self, rid: str, lang: str) -> Safe:
        """A body or network with its article (derived from its head noun; "the" in English)."""
        rec = self.kb.get(rid)
        if isinstance(rec, Term):
            display = rec.acronym or (rec.term_en if lang == "en" and rec.term_en else rec.term)
            english = rec.term_en is not None and rec.term_type in _ENGLISH_THE_TYPES
            return self._w.with_article(display, rec.term, lang, english=english)
        if isinstance(rec, Network):
            display = rec.acronym or rec.name
            return self._w.with_article(display, rec.name, lang, english=False)
        return Safe(esc(getattr(rec, "name", rid)))

    def _funding_sentence(self, p: Project, lang: str) -> str:
        body_id = p.co_financing_body or (p.funders[0].body if p.funders else None)
        if body_id is None:
            return ""
        body = self._body(body_id, lang)
        parent = self.kb.terms.get(body_id)
        if parent and parent.parent and parent.parent in self.kb.terms:
            # the body it belongs to, named in full: not every reader knows its acronym
            up = self.kb.terms[parent.parent]
            name = up.term_en if (lang == "en" and up.term_en) else up.term
            label = f"{esc(name)}, {esc(up.acronym)}" if up.acronym else esc(name)
            body = Safe(f"{body} ({label})")
        if p.co_financing_rate is not None:
            return self._w.t(
                "funding_rate",
                lang,
                name=b(p.short_name),
                rate=self._w.pct(p.co_financing_rate, lang),
                body=body,
            )
        return self._w.t("funding_norate", lang, name=b(p.short_name), body=body)

    def _r_funding(self, pids: list[str], lang: str, q: _Query) -> _Reply:
        w = self._w
        lines = []
        for pid in pids:
            p = self._p(pid)
            sentence = self._funding_sentence(p, lang)
            if sentence:
                lines.append(sentence)
            rate = p.co_financing_rate
            if rate is not None and rate < 100 and set(q.tokens) & _REMAINING:
                # "what share is left for the other funders": the rest of the rate
                lines.append(w.t("funding_rest", lang, pct=w.pct(100 - rate, lang)))
            bodies = [f.body for f in p.funders]
            main = p.co_financing_body or (bodies[0] if bodies else None)
            for f in p.funders:
                # another funder's own share or amount ("25 % (105 000 €) par le FSAL")
                if f.body != main and f.mention and _SHARE_OR_AMOUNT.search(f.mention.get(lang)):
                    lines.append(f"• {esc(f.mention.get(lang))}")
            if len(set(bodies)) > 1:
                labels = [self._term_label(x, lang, long=False) for x in dict.fromkeys(bodies)]
                lines.append(w.t("funders_cited", lang, list=Safe(w.join(labels, lang))))
            if p.call_for_projects:
                lines.append(self._call_sentence(p, lang))
        rates = [(self._p(pid), self._p(pid).co_financing_rate) for pid in pids]
        if len(rates) == 2 and set(q.tokens) & _COMPARISON:
            # two rates compared: the higher first, and the difference in points
            (hi, a), (lo, z) = sorted(rates, key=lambda r: -(r[1] or 0))
            if a is not None and z is not None:
                lines.insert(
                    0,
                    w.t(
                        "funding_compared",
                        lang,
                        high=b(hi.short_name),
                        low=b(lo.short_name),
                        rate_high=w.pct(a, lang),
                        rate_low=w.pct(z, lang),
                        points=w.num(a - z, lang),
                    ),
                )
        # the total asked, when only a rate is held: say so, and it is not a confident answer
        missing = any(word in q.tokens for word in ("budget", "montant", "amount")) or (
            "count" in q.cues and "money" in q.tokens
        )
        notes = [n.get(lang) for pid in pids if (n := self._p(pid).notes) is not None]
        budgets = [text for text in notes if _AMOUNT_IN.search(text)]
        if missing and budgets:
            # the coordinator's notes give the amounts ("Budget total de 420 000 € : ...")
            lines.extend(f"• {esc(text)}" for text in budgets)
            missing = False
        if missing:
            lines.append(w.t("no_budget", lang))
        verdict = _rate_claim(q, [r for _, r in rates]) if q.polar and lines else None
        return _Reply(lines, "project_funding", found=not missing, refs=pids, verdict=verdict)

    def _call_sentence(self, p: Project, lang: str) -> str:
        w = self._w
        tri = w.s("triennial", lang) if p.call_triennial else ""
        target = w.s("call_target", lang, target=p.call_target.get(lang)) if p.call_target else ""
        return w.t(
            "call_line",
            lang,
            name=b(p.short_name),
            call=w.quoted(p.call_for_projects or "", lang),
            triennial=tri,
            target=target,
        )

    def _r_call(self, pids: list[str], lang: str) -> _Reply:
        lines = [
            self._call_sentence(self._p(pid), lang)
            for pid in pids
            if self._p(pid).call_for_projects
        ]
        return _Reply(
            lines or [self._w.t("not_found", lang)], "project_call", found=bool(lines), refs=pids
        )

    def _r_technical_partners(self, pids: list[str], lang: str, q: _Query) -> _Reply:
        """What the documents say of a project's technical partners. They never name them:
        a question asking who they are (cue ``identity``) gets a partial answer."""
        lines: list[str] = []
        for pid in pids:
            p = self._p(pid)
            if p.technical_partners:
                text = esc(p.technical_partners.get(lang))
                lines.append(
                    self._w.t("technical_partners", lang, name=b(p.short_name), text=Safe(text))
                )
        if not lines:
            return _Reply([self._w.t("not_found", lang)], "technical_partners", found=False)
        # the documents never name them: "who are they" is answered in part only
        return _Reply(lines, "technical_partners", found="identity" not in q.cues, refs=pids)

    def _r_animator(self, pids: list[str], lang: str, funding: bool = False) -> _Reply:
        lines = []
        # no project asked about has a known animator, and nothing else is said: the
        # documents do not say
        known = any(self._p(pid).animator for pid in pids)
        for pid in pids:
            p = self._p(pid)
            if p.animator:
                who = _bold(self._body(p.animator, lang))
                lines.append(self._w.t("animator", lang, name=b(p.short_name), animator=who))
            else:
                lines.append(self._w.t("animator_unknown", lang, name=b(p.short_name)))
            sentence = self._funding_sentence(p, lang) if funding else ""
            if sentence:
                lines.append(sentence)
                known = True
        return _Reply(lines, "project_animator", found=known, refs=pids)


_PERCENT = re.compile(
    r"(\d{1,3}(?:[.,]\d{1,2})?)\s*(?:%|pour\s*cents?|pourcents?|per\s*cent|percent)"
)
_SAME = frozenset(vocabulary().word_list("same").split())
_FRACTIONS = [
    (f" {phrase.strip()} ", float(value))
    for phrase, _, value in (
        item.partition("=") for item in vocabulary().word_list("fractions").split(";")
    )
    if value.strip()
]
_FRACTION_TOLERANCE = 1.0  # "two thirds" for 67.5 %: a fraction is said roughly


def _fraction(tokens: list[str]) -> float | None:
    """The share a question states as a fraction ("la moitié": 50), if any."""
    joined = f" {' '.join(tokens)} "
    return next((value for phrase, value in _FRACTIONS if phrase in joined), None)


def _rate_claim(q: _Query, rates: list[float | None]) -> bool | None:
    """A yes/no question stating a co-financing rate ("cofinancé à 50 %, c'est bien ça ?"),
    or that two projects have the same rate: whether the records say so; None otherwise."""
    known = [r for r in rates if r is not None]
    if len(known) != len(rates) or not known:
        return None
    stated = [float(m.group(1).replace(",", ".")) for m in _PERCENT.finditer(q.raw.split("?")[0])]
    if len(known) == 1 and len(stated) == 1:
        return abs(stated[0] - known[0]) < 0.01
    fraction = _fraction(q.tokens) if not stated else None
    if len(known) == 1 and fraction is not None:
        # "la DAECT finance-t-elle la moitié de X ?", "two thirds"
        return abs(fraction - known[0]) < _FRACTION_TOLERANCE
    if len(known) == 2 and not stated and set(q.tokens) & _SAME:
        return abs(known[0] - known[1]) < 0.01
    return None
