"""Resolvers about members, countries, time zones and organisations."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import datetime, time, timedelta

from bot.i18n import Safe
from bot.knowledge.lexicon import (
    english_country_class,
    french_country_class,
)
from bot.knowledge.markup import (
    _bold,
    _day,
    _Reply,
    b,
    esc,
    i,
)
from bot.knowledge.models import (
    ORG_KIND_LABELS,
    Country,
    Organisation,
    Place,
)
from bot.knowledge.query import (
    _Query,
    _utc_offset,
)
from bot.knowledge.resolve_counts import CountAnswers
from bot.knowledge.vocabulary import vocabulary
from bot.knowledge.words import (
    _ALL_COUNCILS,
)
from bot.timezones import zone


class MemberAnswers(CountAnswers):
    def _countries_line(self, pid: str, lang: str) -> str:
        """ "P réunit N membres de K pays : A, B et C." """
        cs = self._member_countries(pid)
        return self._w.t(
            "countries_line",
            lang,
            name=b(self._p(pid).short_name),
            count=len(cs),
            members=self._w.s("members_n", lang, count=len(self._members_of(pid))),
            list=Safe(self._w.join([esc(c.name.get(lang)) for c in cs], lang)),
        )

    def _r_countries(
        self,
        pids: list[str],
        lang: str,
        count: bool,
        total: bool = False,
        exclude: frozenset[str] = frozenset(),
        left: str | None = None,
        compare: bool = False,
    ) -> _Reply:
        w = self._w
        lines: list[str] = []
        if total and len(pids) > 1:
            union: dict[str, Country] = {}
            for pid in pids:
                union.update((c.id, c) for c in self._member_countries(pid) if c.id not in exclude)
            every = w.join([esc(c.name.get(lang)) for c in union.values()], lang)
            lines.append(_bold(w.t("countries_total", lang, count=len(union), list=Safe(every))))
        for pid in pids:
            p = self._p(pid)
            cs = [c for c in self._member_countries(pid) if c.id not in exclude]
            if exclude:
                kept = w.join([esc(c.name.get(lang)) for c in cs], lang)
                if left is None:
                    left = w.join([esc(self._country_name(x, lang)) for x in sorted(exclude)], lang)
                lines.append(
                    w.t(
                        "countries_except",
                        lang,
                        name=b(p.short_name),
                        count=len(cs),
                        list=Safe(kept),
                        left=Safe(left),
                    )
                )
                continue
            lines.append(self._countries_line(pid, lang))
            if p.announced_countries and p.announced_countries != len(cs):
                lines.append(w.t("countries_announced", lang, n=p.announced_countries))
        if compare and len(pids) == 2 and not exclude:
            # "plus ou moins de pays que X ?": the difference first
            sizes = [(len(self._member_countries(pid)), pid) for pid in pids]
            same = sizes[0][0] == sizes[1][0]
            lines.insert(
                0, self._compared(sizes, "countries_same" if same else "countries_more", lang)
            )
        return _Reply(lines, "project_countries", refs=pids)

    def _r_countries_in(
        self, pids: list[str], lang: str, region: frozenset[str], rid: int, only: bool = False
    ) -> _Reply:
        """The countries of projects that lie in a part of the world ("quels pays africains");
        a claim that they all do ("seuls des pays africains ?") gets yes or no, with the
        countries elsewhere."""
        w = self._w
        where = vocabulary().places.regions[rid].where.get(lang, "")
        lines: list[str] = []
        verdict: bool | None = None
        for pid in pids:
            name = b(self._p(pid).short_name)
            every = self._member_countries(pid)
            cs = [c for c in every if c.id in region]
            if not cs:
                lines.append(w.t("countries_none_region", lang, name=name, where=where))
                continue
            kept = w.join([esc(c.name.get(lang)) for c in cs], lang)
            lines.append(
                w.t(
                    "countries_in_region",
                    lang,
                    name=name,
                    count=len(cs),
                    total=len(every),
                    where=where,
                    list=Safe(kept),
                )
            )
            others = [c for c in every if c.id not in region]
            if only and len(pids) == 1:
                verdict = not others
                if others:
                    elsewhere = w.join([esc(c.name.get(lang)) for c in others], lang)
                    lines.append(w.t("members_elsewhere", lang, list=Safe(elsewhere)))
        return _Reply(lines, "project_countries", refs=pids, verdict=verdict)

    def _r_members_in_region(
        self,
        pids: list[str],
        region: frozenset[str],
        rid: int,
        count_only: bool,
        lang: str,
        exclude: frozenset[str] = frozenset(),
        kinds: frozenset[str] = frozenset(),
        only: bool = False,
    ) -> _Reply:
        """Members of projects in a part of the world ("les membres africains de X"), one line
        a country; a yes/no question gets whether there are any, and a claim that there are
        only those ("X ne concerne que des collectivités africaines") whether none is
        elsewhere, with those elsewhere."""
        w = self._w
        where = vocabulary().places.regions[rid].where.get(lang, "")
        lines: list[str] = []
        refs: list[str] = []
        verdict: bool | None = None
        for pid in pids:
            name = b(self._p(pid).short_name)
            members = [
                o
                for o in self._members_of(pid)
                if o.id not in exclude and (not kinds or o.org_kind in kinds)
            ]
            inside = [o for o in members if o.country in region]
            outside = [o for o in members if o.country not in region]
            if len(pids) == 1:
                verdict = not outside if only else bool(inside)
            counts: dict[str, int] = {}
            for o in outside:
                counts[o.country] = counts.get(o.country, 0) + 1
            elsewhere = w.join(
                [f"{esc(self._country_name(c, lang))} ({n})" for c, n in counts.items()], lang
            )
            short = count_only
            if only and outside:
                # "ne concerne que des collectivités africaines": those elsewhere first
                lines.append(
                    w.t(
                        "members_also_elsewhere",
                        lang,
                        name=name,
                        count=len(outside),
                        list=Safe(elsewhere),
                    )
                )
                short = True
            if not inside:
                lines.append(w.t("members_none_country", lang, name=name, where=where))
            else:
                by_country: dict[str, list[Organisation]] = {}
                for o in inside:
                    by_country.setdefault(o.country, []).append(o)
                count = w.t(
                    "members_count_region",
                    lang,
                    members=_bold(w.t("members_n", lang, count=len(inside))),
                    where=where,
                    countries=w.s("countries_n", lang, count=len(by_country)),
                )
                lines.append(w.t("members_header", lang, name=name, count=Safe(count)))
                for cid, orgs in by_country.items():
                    label = f"{b(self._country_name(cid, lang))} ({len(orgs)})"
                    if short:
                        lines.append(f"• {label}")
                    else:
                        names = ", ".join(self._org_label(o, lang) for o in orgs)
                        field = w.t("fmt.field", lang, label=Safe(label), value=Safe(names))
                        lines.append(f"• {field}")
                    refs.extend(o.id for o in orgs)
            if outside and not only and not inside:
                lines.append(w.t("members_elsewhere", lang, list=Safe(elsewhere)))
            if len(pids) > 1:
                lines.append("")
        while lines and not lines[-1]:
            lines.pop()
        return _Reply(
            lines,
            "members_count" if count_only else "members",
            refs=[*pids, *refs],
            verdict=verdict,
        )

    def _kind_name(self, kind: str, lang: str) -> str:
        key = f"answers.kind.{kind}"
        if key in self._w.catalogue.ids(lang) or key in self._w.catalogue.ids():
            return self._w.catalogue.raw(lang, key)
        return ORG_KIND_LABELS[kind].get(lang) if kind in ORG_KIND_LABELS else kind

    def _kind_label(self, kinds: frozenset[str], lang: str) -> str:
        if kinds == _ALL_COUNCILS:
            return self._w.catalogue.raw(lang, "answers.kind_any_council")
        if 2 * len(kinds) > len(ORG_KIND_LABELS):
            rest = frozenset(ORG_KIND_LABELS) - kinds
            if rest:
                label = " / ".join(self._kind_name(k, lang) for k in sorted(rest))
                return self._w.catalogue.raw(lang, "answers.kind_except").format(kind=label)
        return " / ".join(self._kind_name(k, lang) for k in sorted(kinds))

    def _r_members(
        self,
        pids: list[str],
        countries: list[str],
        kinds: frozenset[str],
        count_only: bool,
        lang: str,
        exclude: frozenset[str] = frozenset(),
        loose_kind: bool = False,
        share: bool = False,
        compare: bool = False,
        claimed: int | None = None,
    ) -> _Reply:
        """Members of projects; a yes/no question about one project and one country gets
        yes or no (and "no" when the number it states, ``claimed``, is not theirs)."""
        w = self._w
        lines: list[str] = []
        refs: list[str] = []
        multi = len(pids) > 1
        # one project, one country, any kind: whether it has members there answers yes or no
        verdict = not multi and len(countries) == 1 and not count_only
        for pid in pids:
            p = self._p(pid)
            name = b(p.short_name)
            members = [o for o in self._members_of(pid) if o.id not in exclude]
            if kinds:
                members = [o for o in members if o.org_kind in kinds]
            if countries:
                for cid in countries:
                    subset = [o for o in members if o.country == cid]
                    if not subset:
                        if not multi:
                            if kinds:
                                kind = self._kind_label(kinds, lang)
                                lines.append(w.t("members_none_kind", lang, name=name, kind=kind))
                            else:
                                where = self._in_country(cid, lang)
                                left_out = [
                                    o
                                    for o in self._members_of(pid)
                                    if o.id in exclude and o.country == cid
                                ]
                                if left_out:
                                    # "les autres ... à part nous": none but those left out
                                    only = w.join(
                                        [
                                            w.with_article(
                                                shown,
                                                o.name,
                                                lang,
                                                english=True,
                                                markup=b(shown),
                                            )
                                            for o in left_out
                                            for shown in [
                                                o.name_en if lang == "en" and o.name_en else o.name
                                            ]
                                        ],
                                        lang,
                                    )
                                    lines.append(
                                        w.t(
                                            "members_only_those",
                                            lang,
                                            name=name,
                                            where=where,
                                            only=Safe(only),
                                            count=len(left_out),
                                        )
                                    )
                                    refs.extend(o.id for o in left_out)
                                    continue
                                lines.append(
                                    w.t("members_none_country", lang, name=name, where=where)
                                )
                                # a member's notes naming the country ("why is Djibouti on
                                # the page?")
                                lines.extend(self._country_mention_lines([cid], lang, within=pid))
                                # where that country's members are instead
                                elsewhere = [
                                    b(self._p(x).short_name)
                                    for x in self._project_order
                                    if x != pid
                                    and any(o.country == cid for o in self._members_of(x))
                                ]
                                if elsewhere:
                                    lines.append(
                                        w.t(
                                            "country_projects",
                                            lang,
                                            where=where,
                                            list=Safe(w.join(elsewhere, lang)),
                                        )
                                    )
                                # and the countries the project does have members in
                                lines.append(self._countries_line(pid, lang))
                        continue
                    cnt = w.t("members_n", lang, count=len(subset))
                    lines.append(
                        w.t(
                            "members_header_country",
                            lang,
                            name=name,
                            count=_bold(cnt),
                            where=self._in_country(cid, lang),
                        )
                    )
                    lines.extend(f"• {self._org_label(o, lang)}" for o in subset)
                    refs.extend(o.id for o in subset)
                    if share and self._members_of(pid):
                        whole = len(self._members_of(pid))
                        pct = w.pct(round(100 * len(subset) / whole, 2), lang)
                        lines.append(
                            _bold(w.t("members_share", lang, pct=pct, count=whole, name=name))
                        )
                    rest = [
                        o
                        for o in self._members_of(pid)
                        if o.country == cid and o not in subset and o.id not in exclude
                    ]
                    if kinds and loose_kind and rest:
                        others = [
                            f"{self._org_label(o, lang)} ({self._kind_name(o.org_kind, lang)})"
                            for o in rest
                        ]
                        lines.append(
                            w.t(
                                "members_other_kinds" if len(rest) > 1 else "members_other_kind",
                                lang,
                                where=self._in_country(cid, lang),
                                list=Safe(", ".join(others)),
                            )
                        )
                    if p.announced_country_ids and cid not in p.announced_country_ids:
                        n = p.announced_countries or len(p.announced_country_ids)
                        lines.append(w.t("country_not_announced", lang, count=n))
                continue
            if kinds:
                label = self._kind_label(kinds, lang)
                if not members:
                    if not multi:
                        lines.append(w.t("members_none_kind", lang, name=name, kind=label))
                    continue
                lines.append(
                    w.t("members_header_kind", lang, name=name, kind=label, n=b(len(members)))
                )
                not_kind = [
                    o
                    for o in self._members_of(pid)
                    if o.id not in exclude and o.org_kind not in kinds
                ]
                if count_only and not_kind and kinds == _ALL_COUNCILS:
                    # "how many councils, all together": the members that are not councils too
                    in_list = w.join(
                        [
                            f"{self._org_label(o, lang)} ({self._kind_name(o.org_kind, lang)})"
                            for o in not_kind
                        ],
                        lang,
                    )
                    in_all = len(members) + len(not_kind)
                    lines.append(
                        w.t(
                            "members_total_others",
                            lang,
                            name=name,
                            count=in_all,
                            list=Safe(in_list),
                        )
                    )
                for o in members:
                    lines.append(
                        f"• {self._org_label(o, lang)} — {esc(self._country_name(o.country, lang))}"
                    )
                refs.extend(o.id for o in members)
                continue
            ncountries = len({o.country for o in members})
            count = w.t(
                "members_count_countries",
                lang,
                members=_bold(w.t("members_n", lang, count=len(members))),
                countries=w.s("countries_n", lang, count=ncountries),
            )
            if p.announced_members and not exclude:
                count += " " + w.t("members_announced", lang, text=p.announced_members.get(lang))
            lines.append(w.t("members_header", lang, name=name, count=Safe(count)))
            by_country: dict[str, list[Organisation]] = {}
            for o in members:
                by_country.setdefault(o.country, []).append(o)
            for cid, orgs in by_country.items():
                names = ", ".join(self._org_label(o, lang) for o in orgs)
                label = f"{b(self._country_name(cid, lang))} ({len(orgs)})"
                lines.append("• " + w.t("fmt.field", lang, label=Safe(label), value=Safe(names)))
                refs.extend(o.id for o in orgs)
            if multi:
                lines.append("")
        while lines and not lines[-1]:
            lines.pop()
        if compare and multi and not countries and not kinds and lines:
            sizes = [(len(self._members_of(pid)), pid) for pid in pids]
            lines.insert(0, self._compared(sizes, "members_more", lang))
        elif count_only and multi and not countries and not kinds and lines:
            distinct = {o.id for pid in pids for o in self._members_of(pid)}
            listed = sum(len(self._members_of(pid)) for pid in pids)
            total = w.t("members_total", lang, count=len(distinct), shared=listed - len(distinct))
            lines.insert(0, _bold(total))
        elif (count_only or compare) and not multi and len(countries) > 1 and pids and lines:
            lines.insert(0, _bold(self._across_countries(pids[0], countries, kinds, compare, lang)))
        elif compare and multi and len(pids) == 2 and (kinds or countries) and lines:
            # "how many more members of country C in X than in Y": the members there compared
            sizes = [
                (
                    sum(
                        1
                        for o in self._members_of(pid)
                        if (not kinds or o.org_kind in kinds)
                        and (not countries or o.country in countries)
                    ),
                    pid,
                )
                for pid in pids
            ]
            if sizes[0][0] != sizes[1][0]:
                lines.insert(0, self._compared(sizes, "members_more", lang))
        elif count_only and multi and (kinds or countries) and lines:
            distinct = {
                o.id
                for pid in pids
                for o in self._members_of(pid)
                if (not kinds or o.org_kind in kinds) and (not countries or o.country in countries)
            }
            labels = [self._kind_label(kinds, lang)] if kinds else []
            if countries:
                labels.append(w.join([self._country_name(c, lang) for c in countries], lang))
            label = ", ".join(labels)
            lines.insert(0, _bold(w.t("members_total_kind", lang, n=len(distinct), kind=label)))
        if not lines:
            if countries:
                where = Safe(w.join([self._in_country(c, lang) for c in countries], lang))
                lines = [w.t("country_no_members", lang, where=where)]
                lines.extend(self._country_mention_lines(countries, lang))
                return _Reply(lines, "members", refs=pids)
            return _Reply([w.t("not_found", lang)], "members", found=False)
        if verdict and pids:
            there = [
                o
                for o in self._members_of(pids[0])
                if o.country == countries[0]
                and o.id not in exclude
                and (not kinds or o.org_kind in kinds)
            ]
            has = bool(there) and (claimed is None or claimed == len(there))
            return _Reply(lines, "members", refs=[*pids, *refs], verdict=has)
        return _Reply(lines, "members_count" if count_only else "members", refs=[*pids, *refs])

    def _r_other_countries(self, codes: list[str], pids: list[str], lang: str) -> _Reply:
        """A country no record mentions: no project has members there."""
        w = self._w
        lines: list[str] = []
        for code in codes[:3]:
            name = self._other_countries[code].get(lang)
            grammar = french_country_class(name) if lang == "fr" else english_country_class(name)
            where = w.s(f"in_country.{grammar}", lang, country=name)
            if pids:
                for pid in pids:
                    label = b(self._p(pid).short_name)
                    lines.append(w.t("members_none_country", lang, name=label, where=where))
            else:
                lines.append(w.t("country_no_members", lang, where=where))
        # and the countries each project named does have members in ("X = 6 countries,
        # Burkina Faso is one of them?")
        lines.extend(self._countries_line(pid, lang) for pid in pids[:2])
        return _Reply(lines, "other_country", refs=pids)

    def _place_countries(self, q: _Query) -> list[str]:
        """Countries of the cities the question names (meetings', gatherings' places)."""
        out: list[str] = []
        for city in q.ids("place"):
            for rid, k in self._places.get(city, []):
                place: Place | None = None
                if rid in self.kb.meetings:
                    place = self.kb.meetings[rid].place
                elif rid in self.kb.actions:
                    a = self.kb.actions[rid]
                    place = a.milestones[k].place if k is not None else a.location
                if place and place.country and place.country not in out:
                    out.append(place.country)
        return out

    def _r_timezones(
        self, q: _Query, countries: list[str], orgs: list[str], projects: list[str]
    ) -> _Reply:
        """Time zones (IANA names and UTC offsets on ``today``) of the countries asked about:
        named countries and cities, else the named organisations' countries, else the
        projects' member countries; with two countries, the gap between them."""
        w = self._w
        lang = q.lang
        cids = list(countries)
        for cid in [*self._place_countries(q), *q.ids("tz_city")]:
            if cid not in cids:
                cids.append(cid)
        if not cids:
            cids = list(dict.fromkeys(self.kb.organisations[o].country for o in orgs))
        if not cids:
            pool = projects or self._project_order
            cids = list(dict.fromkeys(c.id for pid in pool for c in self._member_countries(pid)))
        cids = [c for c in cids if c in self.kb.countries]
        if not cids:
            return _Reply([w.t("not_found", lang)], "timezones", found=False)
        noon = datetime.combine(q.today, time(12))
        offsets: dict[str, timedelta] = {}
        lines: list[str] = [w.t("timezones_header", lang, date=_day(q.today, lang))]
        for cid in cids:
            c = self.kb.countries[cid]
            shown: list[str] = []
            for name in c.timezones:
                try:
                    off = noon.replace(tzinfo=zone(name)).utcoffset() or timedelta(0)
                except ValueError:
                    continue
                offsets.setdefault(cid, off)
                shown.append(f"{name} ({_utc_offset(off)})")
            if shown:
                label = b(c.name.get(lang))
                lines.append("• " + w.t("fmt.field", lang, label=label, value=", ".join(shown)))
        if len(offsets) == 2:
            (a, off_a), (b_, off_b) = offsets.items()
            if off_a < off_b:
                (a, off_a), (b_, off_b) = (b_, off_b), (a, off_a)
            name_a, name_b = self._country_name(a, lang), self._country_name(b_, lang)
            if off_a == off_b:
                lines.append(w.t("timezone_same", lang, a=name_a, b=name_b))
            else:
                gap = self._gap(off_a - off_b, lang)
                lines.append(w.t("timezone_ahead", lang, a=name_a, gap=gap))
        return _Reply(lines, "timezones", refs=cids)

    def _gap(self, delta: timedelta, lang: str) -> str:
        minutes = int(delta.total_seconds() // 60)
        h, m = divmod(minutes, 60)
        if m:
            return self._w.t("gap_hm", lang, h=h, m=f"{m:02d}")
        return self._w.t("gap_h", lang, count=h)

    def _r_country_projects(self, countries: list[str], lang: str) -> _Reply:
        w = self._w
        lines = []
        for cid in countries:
            pids = [
                pid
                for pid in self._project_order
                if any(o.country == cid for o in self._members_of(pid))
            ]
            where = self._in_country(cid, lang)
            if pids:
                names = w.join([b(self._p(p).short_name) for p in pids], lang)
                lines.append(w.t("country_projects", lang, where=where, list=Safe(names)))
            else:
                lines.append(w.t("country_no_members", lang, where=where))
                lines.extend(self._country_mention_lines([cid], lang))
        return _Reply(lines, "country_projects", refs=countries)

    def _r_membership(self, orgs: list[str], pids: list[str], lang: str) -> _Reply:
        w = self._w
        lines = []
        for oid in orgs:
            o = self.kb.organisations[oid]
            for pid in pids:
                p = self._p(pid)
                key = "is_member" if pid in o.projects else "is_not_member"
                shown = o.name_en if lang == "en" and o.name_en else o.name
                org = w.with_article(shown, o.name, lang, english=True, markup=b(shown))
                if o.acronyms and o.acronyms[0] not in shown:
                    org = Safe(f"{org} ({esc(o.acronyms[0])})")  # as asked: "l'ACAL"
                lines.append(w.t(key, lang, org=org, name=b(p.short_name)))
                if pid not in o.projects and o.notes and not o.projects:
                    lines.append(i(o.notes.get(lang)))
                elif pid in o.projects and o.notes and p.short_name in o.notes.get(lang):
                    lines.append(i(o.notes.get(lang)))  # what it brings to this project
            others = [x for x in o.projects if x not in pids and x in self.kb.projects]
            if others:
                names = w.join([b(self._p(x).short_name) for x in o.projects], lang)
                lines.append(w.t("member_of", lang, list=Safe(names)))
        return _Reply(lines, "org_membership", refs=[*orgs, *pids])

    def _r_network_membership(self, nids: list[str], pids: list[str], lang: str) -> _Reply:
        w = self._w
        lines: list[str] = []
        for nid in nids:
            n = self.kb.networks[nid]
            for pid in pids:
                p = self._p(pid)
                org = w.with_article(n.acronym or n.name, n.name, lang, english=False)
                lines.append(w.t("is_not_member", lang, org=org, name=b(p.short_name)))
            runs = [b(self._p(x).short_name) for x in n.projects if x in self.kb.projects]
            if runs:
                lines.append(w.t("network_projects", lang, list=Safe(w.join(runs, lang))))
        return _Reply(lines, "org_membership", refs=[*nids, *pids])

    def _r_shared_countries(self, pids: list[str], lang: str) -> _Reply:
        """Countries where every one of these projects has members."""
        w = self._w
        per_project = [[c.id for c in self._member_countries(pid)] for pid in pids]
        common = [cid for cid in per_project[0] if all(cid in other for other in per_project)]
        names = w.join([b(self._p(pid).short_name) for pid in pids], lang)
        if not common:
            return _Reply(
                [w.t("shared_countries_none", lang, list=Safe(names))], "shared_countries"
            )
        countries = w.join([esc(self._country_name(cid, lang)) for cid in common], lang)
        line = w.t(
            "shared_countries", lang, list=Safe(names), n=b(len(common)), countries=Safe(countries)
        )
        return _Reply([line], "shared_countries", refs=[*pids, *common])

    def _r_own_countries(self, pid: str, lang: str) -> _Reply:
        """Countries where this project has members and no other project has."""
        w = self._w
        others = {c.id for x in self._project_order if x != pid for c in self._member_countries(x)}
        own = [c for c in self._member_countries(pid) if c.id not in others]
        name = b(self._p(pid).short_name)
        if not own:
            return _Reply([w.t("own_countries_none", lang, name=name)], "own_countries")
        names = w.join([esc(c.name.get(lang)) for c in own], lang)
        line = w.t("own_countries", lang, name=name, n=b(len(own)), countries=Safe(names))
        return _Reply([line], "own_countries", refs=[pid, *(c.id for c in own)])

    def _r_shared(
        self,
        lang: str,
        countries: Sequence[str] = (),
        kinds: frozenset[str] = frozenset(),
        within: str | None = None,
    ) -> _Reply:
        """Members of several projects (``within``: of that project and another)."""
        w = self._w
        counts = Counter(o.id for pid in self._members for o in self._members[pid])
        shared = [
            o
            for o in (self.kb.organisations[oid] for oid, n in counts.items() if n >= 2)
            if (not countries or o.country in countries)
            and (not kinds or o.org_kind in kinds)
            and (within is None or within in o.projects)
        ]
        where = Safe(w.join([self._in_country(c, lang) for c in countries], lang))
        if not shared:
            if countries:
                return _Reply([w.t("shared_none_country", lang, where=where)], "shared_members")
            return _Reply([w.t("shared_none", lang)], "shared_members")
        if countries:
            head = w.t("shared_header_country", lang, count=len(shared), where=where)
        else:
            head = w.t("shared_header", lang, count=len(shared))
        lines: list[str] = [_bold(head)]
        for o in shared:
            projs = w.join(
                [esc(self._p(p).short_name) for p in o.projects if p in self.kb.projects], lang
            )
            country = esc(self._country_name(o.country, lang))
            lines.append(f"• {self._org_label(o, lang)} — {country} ({projs})")
        return _Reply(lines, "shared_members", refs=[o.id for o in shared])

    def _r_org_cards(self, oids: list[str], lang: str) -> _Reply:
        w = self._w
        lines: list[str] = []
        for oid in oids[:6]:
            o = self.kb.organisations[oid]
            if lines:
                lines.append("")
            lines.append(
                w.t(
                    "org_head",
                    lang,
                    name=_bold(self._org_label(o, lang)),
                    kind=self._kind_name(o.org_kind, lang),
                    country=self._country_name(o.country, lang),
                )
            )
            if lang == "en" and o.name_en and o.name_en != o.name:
                lines.append(i(o.name))
            projs = [x for x in o.projects if x in self.kb.projects]
            if projs:
                names = w.join([b(self._p(x).short_name) for x in projs], lang)
                lines.append(w.t("member_of", lang, list=Safe(names)))
            ps = self._org_partnerships.get(oid, [])
            if ps:
                labels = [
                    esc(self._partnership_name(self.kb.partnerships[s], lang)) for s in ps[:8]
                ]
                more = f" {w.t('more', lang, count=len(ps) - 8)}" if len(ps) > 8 else ""
                lines.append(w.t("partnerships_of", lang, list=Safe("; ".join(labels))) + more)
            partners = [
                self.kb.organisations[x]
                for x in o.cooperation_partners
                if x in self.kb.organisations
            ]
            if partners:
                labels = [
                    esc(f"{self._org_label(p, lang)} ({self._country_name(p.country, lang)})")
                    for p in partners[:8]
                ]
                lines.append(w.t("cooperates_with", lang, list=Safe("; ".join(labels))))
            if not projs and not ps:
                lines.append(w.t("member_of_none", lang))
            if o.notes:
                lines.append(i(o.notes.get(lang)))
        return _Reply(lines, "org_card", refs=oids)
