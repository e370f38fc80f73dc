"""Figures worked out from a project's members: counts in two countries added together or
compared, two projects' figures compared, the countries with a number of members."""

from __future__ import annotations

from bot.i18n import Safe
from bot.knowledge.markup import _bold, _Reply, b
from bot.knowledge.models import Organisation
from bot.knowledge.resolve_actions import ActionAnswers


class CountAnswers(ActionAnswers):
    def _compared(self, sizes: list[tuple[int, str]], key: str, lang: str) -> str:
        """Two projects' figures compared (``sizes``: (figure, project id)): the largest and
        the smallest, and the difference, in bold."""
        ranked = sorted(sizes, reverse=True)
        (big, big_id), (small, small_id) = ranked[0], ranked[-1]
        line = self._w.t(
            key,
            lang,
            big=b(self._p(big_id).short_name),
            small=b(self._p(small_id).short_name),
            count=big - small,
            a=big,
            b=small,
        )
        return _bold(line)

    def _across_countries(
        self, pid: str, countries: list[str], kinds: frozenset[str], compare: bool, lang: str
    ) -> str:
        """One project's members in several countries counted together ("how many in X and
        Y"), or two countries compared ("how many more in X than in Y")."""
        w = self._w
        name = b(self._p(pid).short_name)
        counts = {
            cid: sum(
                1
                for o in self._members_of(pid)
                if o.country == cid and (not kinds or o.org_kind in kinds)
            )
            for cid in countries
        }
        if compare and len(countries) == 2:
            first, second = countries
            big, small = (first, second) if counts[first] >= counts[second] else (second, first)
            where_small = str(self._in_country(small, lang))
            if lang == "fr":
                # "que" elided before a vowel: "qu'au …", "qu'en …"
                vowel = where_small[:1].lower() in "aeiouhàâéèêîôû"
                where_small = ("qu'" if vowel else "que ") + where_small
            key = "members_country_same" if counts[big] == counts[small] else "members_country_more"
            return w.t(
                key,
                lang,
                name=name,
                count=counts[big] - counts[small],
                big=self._in_country(big, lang),
                small=Safe(where_small),
                a=counts[big],
                b=counts[small],
            )
        where = Safe(w.join([self._in_country(c, lang) for c in countries], lang))
        return w.t(
            "members_countries_total", lang, name=name, count=sum(counts.values()), where=where
        )

    def _r_countries_by_count(self, pid: str, asked: str | int, lang: str) -> _Reply:
        """The countries where a project has as many members as asked (1, 3...), or the most,
        or the fewest; each with its members."""
        w = self._w
        by_country: dict[str, list[Organisation]] = {}
        for o in self._members_of(pid):
            by_country.setdefault(o.country, []).append(o)
        name = b(self._p(pid).short_name)
        if not by_country:
            return _Reply([w.t("not_found", lang)], "members", found=False)
        sizes = {cid: len(orgs) for cid, orgs in by_country.items()}
        if asked == "most":
            n = max(sizes.values())
        elif asked == "fewest":
            n = min(sizes.values())
        else:
            n = int(asked)
        chosen = [cid for cid, size in sizes.items() if size == n]
        if not chosen:
            counts = ", ".join(
                f"{self._country_name(cid, lang)} ({size})"
                for cid, size in sorted(sizes.items(), key=lambda kv: -kv[1])
            )
            line = w.t("countries_with_count_none", lang, name=name, count=n, counts=counts)
            return _Reply([line], "members_count", refs=[pid], verdict=False)
        key = "countries_with_count" if isinstance(asked, int) else f"countries_with_{asked}"
        lines: list[str] = [
            _bold(
                w.t(
                    key,
                    lang,
                    name=name,
                    # "exactly 1 member": the members counted; "the most": the countries
                    count=n if isinstance(asked, int) else len(chosen),
                    size=n,
                    countries=w.join([self._country_name(cid, lang) for cid in chosen], lang),
                )
            )
        ]
        for cid in chosen:
            names = ", ".join(self._org_label(o, lang) for o in by_country[cid])
            label = b(self._country_name(cid, lang))
            lines.append("• " + w.t("fmt.field", lang, label=Safe(label), value=Safe(names)))
        refs = [pid, *chosen, *(o.id for cid in chosen for o in by_country[cid])]
        return _Reply(lines, "members_count", refs=refs)
