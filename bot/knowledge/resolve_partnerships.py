"""Resolvers about partnerships (Atlas records): themes, dates, funding, history steps."""

from __future__ import annotations

import re

from bot.i18n import Safe
from bot.knowledge.markup import (
    _bold,
    _Reply,
    b,
    esc,
    i,
)
from bot.knowledge.matching import (
    NAME_STOPWORDS,
    name_tokens,
)
from bot.knowledge.models import (
    FundingLine,
    Partnership,
)
from bot.knowledge.query import (
    _org_core,
    _Query,
)
from bot.knowledge.resolve_projects import ProjectAnswers
from bot.knowledge.textnorm import STOPWORDS, normalize, tokenize
from bot.knowledge.words import (
    _COMPARISON,
    _FOREIGN_WORD,
    _PARTNERSHIP_WORDS,
    _SOURCE_WORDS,
)

_OWN = frozenset({"own", "propre", "propres", "both", "deux", "chacun", "each"})


def own_money(q: _Query) -> bool:
    """Whether the question sets funders side by side ("the city's own money compared with
    the ministry", "les deux montants"): every funder it names is asked."""
    return bool(set(q.tokens) & (_COMPARISON | _OWN))


class PartnershipAnswers(ProjectAnswers):
    def _partnerships_of(self, oids: list[str]) -> list[str]:
        if not oids:
            return []
        sets = [set(self._org_partnerships.get(o, [])) for o in oids]
        common = set.intersection(*sets) if sets else set()
        pool = common or set().union(*sets)
        order = {pid: n for n, pid in enumerate(self.kb.partnerships)}
        return sorted(pool, key=lambda x: order.get(x, 0))

    def _org_short(self, oid: str) -> str:
        o = self.kb.organisations.get(oid)
        if o is None:
            return oid
        core = " ".join(_org_core(o.name))
        for alias in o.aliases:
            if " ".join(name_tokens(alias)) == core:
                return alias
        shorter = [a for a in o.aliases if len(a) < len(o.name)]
        return min(shorter, key=len) if shorter else o.name

    def _partnership_name(self, s: Partnership, lang: str) -> str:
        """The partners' names joined by a dash (plain text)."""
        a = " / ".join(self._org_short(x) for x in s.french_partners)
        c = " / ".join(self._org_short(x) for x in s.foreign_partners)
        return f"{a} – {c}"

    def _r_partnership_list(self, lang: str) -> _Reply:
        w = self._w
        ps = list(self.kb.partnerships.values())
        lines: list[str] = [_bold(w.t("partnerships_header", lang, count=len(ps)))]
        for s in ps[:15]:
            lines.append(f"• {b(self._partnership_name(s, lang))} — {esc(s.title.get(lang))}")
        if len(ps) > 15:
            lines.append(w.t("more", lang, count=len(ps) - 15))
        return _Reply(lines, "partnerships", refs=[s.id for s in ps[:15]])

    def _r_partnership(self, sids: list[str], q: _Query, partner_orgs: list[str]) -> _Reply:
        w = self._w
        lang = q.lang
        c = q.cues
        lines: list[str] = []
        verdict: tuple[bool, int] | None = None
        if len(sids) > 6:
            sids = sids[:6]
        for sid in sids:
            s = self.kb.partnerships[sid]
            if lines:
                lines.append("")
            head = _bold(w.t("partnership_header", lang, name=self._partnership_name(s, lang)))
            lines.append(f"{head} — {i(s.title.get(lang))}")
            shown = False
            funder_named = any(f.funder_ref in q.ids("term") for f in s.funding)
            if (c.any("funding", "total", "count") or funder_named) and s.funding:
                lines.extend(self._funding_lines(s, q, partner_orgs))
                shown = True
            if c.any("theme"):
                lines.extend(self._theme_lines(s, lang))
                shown = True
            if c.any("when", "status", "agreement"):
                lines.append(self._dates_line(s, lang))
                shown = True
            if "triennial" in c and s.triennial is not None:
                verdict = (s.triennial, len(lines)) if len(sids) == 1 else None
                lines.append(w.t("triennial_yes" if s.triennial else "triennial_no", lang))
                shown = True
            if c.any("objectives"):
                if s.objectives_local:
                    lines.append(w.heading(lang, "objectives_local"))
                    lines.extend(f"• {esc(o.get(lang))}" for o in s.objectives_local)
                if s.objectives_france and [o.fr for o in s.objectives_france] != [
                    o.fr for o in s.objectives_local
                ]:
                    lines.append(w.heading(lang, "objectives_france"))
                    lines.extend(f"• {esc(o.get(lang))}" for o in s.objectives_france)
                if s.subtitle:
                    lines.append(i(s.subtitle.get(lang)))
                shown = True
            if "history" in q.all_cues:
                if s.context:
                    lines.append(w.bullet(lang, "context", s.context.get(lang)))
                if s.history:
                    lines.append(w.heading(lang, "history"))
                    lines.extend(f"• {esc(h.get(lang))}" for h in s.history)
                shown = True
            elif hits := self._history_hits(s, q):
                lines.append(w.heading(lang, "history"))
                lines.extend(f"• {esc(s.history[k].get(lang))}" for k in hits)
                shown = True
            if "post" in q.all_cues and s.diplomatic_post:
                lines.append(w.bullet(lang, "post", s.diplomatic_post.get(lang)))
                if roles := self._people.contacts(s, lang) or w.texts(s.post_contact_roles, lang):
                    lines.append(w.bullet(lang, "contact_roles", roles))
                shown = True
            if not shown and (said := self._prose_hits(s, q)):
                # "which sectors will the civil servants exchange on": the sentence saying it
                lines.extend(f"• {esc(sentence)}" for sentence in said)
                lines.append(self._dates_line(s, lang))
                shown = True
            if shown:
                continue
            if s.subtitle:
                lines.append(i(s.subtitle.get(lang)))
            lines.extend(self._theme_lines(s, lang))
            lines.append(self._dates_line(s, lang))
            if s.form:
                lines.append(w.bullet(lang, "form", s.form.get(lang)))
            if s.funding:
                years = w.semi(lang).join(
                    w.t("funding_year", lang, year=y, amount=Safe(w.eur(s.total_eur(y), lang)))
                    for y in s.years()
                )
                total = Safe(w.eur(s.total_eur(), lang))
                lines.append(
                    "• " + w.t("funding_total_years", lang, amount=total, years=Safe(years))
                )
            if c.any("describe", "meaning") and s.description:
                lines.append(esc(s.description.get(lang)))
        if verdict is not None:
            yes, at = verdict
            return _Reply(lines, "partnership", refs=sids, verdict=yes, verdict_line=at)
        return _Reply(lines, "partnership", refs=sids)

    def _prose_hits(self, s: Partnership, q: _Query) -> list[str]:
        """Sentences of the partnership's prose (description, context) holding words of the
        question that are neither cue words, common words nor names (two, or one for a
        question with at most three such words): what the question asks about that the card's
        fields do not show (at most two, best first)."""
        from bot.knowledge.documents import stems
        from bot.knowledge.lexicon import COMMON_WORDS, cue_vocabulary

        named = {
            t
            for rid in (*s.french_partners, *s.foreign_partners)
            if (org := self.kb.organisations.get(rid)) is not None
            for t in tokenize(org.name)
        }
        cues = cue_vocabulary()
        asked = {
            stem
            for token in q.tokens
            if len(token) >= 4 and token.isalpha() and token not in cues
            if token not in COMMON_WORDS
            if token not in named and token not in STOPWORDS
            for stem in stems(token)
        }
        if not asked:
            return []
        enough = 1 if len(asked) <= 3 else 2  # a short question: one rare word of it suffices
        scored: list[tuple[int, int, str]] = []
        for k, text in enumerate(t for t in (s.description, s.context) if t is not None):
            for j, sentence in enumerate(re.split(r"(?<=[.!?])\s+", text.get(q.lang))):
                hits = len(asked & set(stems(sentence)))
                if hits >= enough:
                    scored.append((-hits, k * 100 + j, sentence))
        return [sentence for _, _, sentence in sorted(scored)[:2]]

    def _theme_lines(self, s: Partnership, lang: str) -> list[str]:
        w = self._w
        th = s.theme
        text = th.theme.get(lang)
        if th.sub_theme:
            text += f" › {th.sub_theme.get(lang)}"
        if th.sub_sub_theme:
            text += f" › {th.sub_sub_theme.get(lang)}"
        out = [w.bullet(lang, "theme", text)]
        if s.other_themes:
            others = "; ".join(
                o.theme.get(lang) + (f" › {o.sub_theme.get(lang)}" if o.sub_theme else "")
                for o in s.other_themes
            )
            out.append(w.bullet(lang, "other_themes", others))
        return out

    def _dates_line(self, s: Partnership, lang: str) -> str:
        w = self._w
        bits: list[str] = []
        if s.first_agreement_year:
            bits.append(w.t("first_agreement", lang, year=s.first_agreement_year))
        if s.start_year:
            bits.append(w.t("started", lang, year=s.start_year))
        if s.end_date:
            bits.append(w.t("ends", lang, date=s.end_date.format(lang)))
        if s.recorded_status_text:
            bits.append(w.t("recorded_status", lang, status=s.recorded_status_text.get(lang)))
        elif s.recorded_status:
            bits.append(w.t("recorded_status", lang, status=s.recorded_status))
        return "• " + w.semi(lang).join(bits)

    def _funders_named(self, s: Partnership, q: _Query) -> set[str]:
        """Funders (by French label) named by a word of their own: "ministère", "étrangers"."""
        partner_words: set[str] = set()
        for oid in [*s.french_partners, *s.foreign_partners]:
            o = self.kb.organisations.get(oid)
            if o is not None:
                for n in o.names():
                    partner_words.update(tokenize(n))
        labels: dict[str, set[str]] = {}
        for f in s.funding:
            toks = {
                t
                for t in tokenize(f"{f.funder.fr} {f.funder.en}")
                if t not in STOPWORDS and t not in NAME_STOPWORDS and len(t) > 3
            }
            labels.setdefault(f.funder.fr, set()).update(toks - partner_words)
        asked = set(q.tokens)
        named: set[str] = set()
        for label, toks in labels.items():
            others = set().union(*(v for k, v in labels.items() if k != label))
            if (toks - others) & asked:
                named.add(label)
        return named if len(named) < len(labels) else set()

    def _named_as_source(self, s: Partnership, q: _Query) -> set[str]:
        """Funders of ``s`` named right after "from", "par", "by", "de la part de"..."""
        refs = {f.funder_ref for f in s.funding if f.funder_ref}
        out: set[str] = set()
        toks = q.tokens
        for rid in refs:
            rec = self.kb.get(rid)
            names = getattr(rec, "names", None)
            if not callable(names):
                continue
            spellings = {tuple(name_tokens(n)) for n in names()} - {()}
            for k, tok in enumerate(toks[:-1]):
                if tok not in _SOURCE_WORDS:
                    continue
                rest = [t for t in toks[k + 1 : k + 6] if t not in NAME_STOPWORDS]
                if any(tuple(rest[: len(sp)]) == sp for sp in spellings):
                    out.add(rid)
        return out

    def _funding_lines(self, s: Partnership, q: _Query, partner_orgs: list[str]) -> list[str]:
        lang = q.lang
        lines: list[str] = []
        funder_ids = set(q.ids("term")) | set(q.ids("organisation"))
        lines_sel = list(s.funding)
        by_funder = [f for f in lines_sel if f.funder_ref and f.funder_ref in funder_ids]
        by_body = [f for f in lines_sel if f.funder_ref and f.funder_ref in q.ids("term")]
        labels = set(q.ids("funder"))
        by_label = [f for f in lines_sel if not f.funder_ref and normalize(f.funder.fr) in labels]
        named = set(q.ids("organisation")) & {*s.french_partners, *s.foreign_partners}
        foreign: list[FundingLine] = []
        if (
            named
            and named <= set(s.foreign_partners) - {x.funder_ref for x in s.funding}
            and not set(q.tokens) & _PARTNERSHIP_WORDS
        ):
            foreign = [
                f for f in s.funding if not f.funder_ref and _FOREIGN_WORD in tokenize(f.funder.fr)
            ]
        sources = self._named_as_source(s, q)
        if by_body or by_label:
            # a body named, with an organisation named as a funder too ("the city's own
            # money compared with the ministry"): both
            also = [f for f in by_funder if f not in by_body] if own_money(q) else []
            lines_sel = by_body + also + by_label
        elif sources:
            lines_sel = [f for f in lines_sel if f.funder_ref in sources]
        elif foreign:
            lines_sel = foreign
        elif by_funder and len(funder_ids) == 1:
            lines_sel = by_funder
        else:
            by_words = self._funders_named(s, q)
            if by_words:
                lines_sel = [f for f in lines_sel if f.funder.fr in by_words]
        years = [y for y in q.years if y in s.years()]
        if years:
            lines_sel = [f for f in lines_sel if f.year in years]
        w = self._w
        if not lines_sel:
            return [w.t("funding_none", lang)]
        for f in lines_sel:
            money = Safe(w.eur(f.amount_eur, lang))
            line = w.t("funding_line", lang, year=f.year, funder=f.funder.get(lang), amount=money)
            lines.append(f"• {line}")
        # totals per funder (when several years), per year, and overall
        funders: dict[str, int] = {}
        for f in lines_sel:
            funders[f.funder.get(lang)] = funders.get(f.funder.get(lang), 0) + f.amount_eur
        ys = sorted({f.year for f in lines_sel})
        if len(ys) > 1:
            for name, amount in funders.items():
                total_f = Safe(w.eur(amount, lang))
                lines.append(f"  {w.t('funding_by', lang, funder=name, amount=total_f)}")
        if len(funders) > 1:
            for y in ys:
                amount = sum(f.amount_eur for f in lines_sel if f.year == y)
                total_y = Safe(w.eur(amount, lang))
                lines.append(f"  {w.t('funding_year', lang, year=y, amount=total_y)}")
        total = sum(f.amount_eur for f in lines_sel)
        if {f.funder.fr for f in lines_sel} == {f.funder.fr for f in s.funding}:
            lines.append(_bold(w.t("funding_total", lang, amount=Safe(w.eur(total, lang)))))
        else:
            # some funders' share (above), then every funder's over the same years
            every = sum(f.amount_eur for f in s.funding if f.year in ys)
            lines.append(w.t("funding_all_funders", lang, amount=Safe(w.eur(every, lang))))
            if every:
                share = w.pct(round(100 * total / every, 2), lang)
                lines.append(_bold(w.t("funding_share", lang, pct=share)))
        if "change" in q.all_cues and len(ys) > 1:
            lines.extend(self._funding_changes(lines_sel, ys[0], ys[-1], lang))
        return lines

    def _funding_changes(
        self, lines_sel: list[FundingLine], first: int, last: int, lang: str
    ) -> list[str]:
        """How each funder's amount (and the total) moved from the first year to the last."""
        w = self._w
        series: dict[str, dict[int, int]] = {}
        for f in lines_sel:
            per_year = series.setdefault(f.funder.get(lang), {})
            per_year[f.year] = per_year.get(f.year, 0) + f.amount_eur
        if len(series) > 1:
            every = w.t("funding_every", lang)
            series[every] = {
                y: sum(v.get(y, 0) for v in list(series.values())) for y in (first, last)
            }
        out: list[str] = []
        for name, per_year in series.items():
            if first not in per_year or last not in per_year:
                continue
            delta = per_year[last] - per_year[first]
            sign = "+" if delta > 0 else "−" if delta < 0 else ""
            pct = (
                w.pct(round(100 * abs(delta) / per_year[first], 1), lang) if per_year[first] else ""
            )
            out.append(
                _bold(
                    w.t(
                        "funding_change",
                        lang,
                        funder=name,
                        delta=Safe(sign + w.eur(abs(delta), lang)),
                        first=first,
                        last=last,
                        pct=Safe(sign + pct),
                    )
                )
            )
        return out
