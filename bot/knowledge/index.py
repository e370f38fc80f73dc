"""The indexes the answer engine builds once from a knowledge base (names, agenda, actions,
histories, members), and the record lookups every later step uses."""

from __future__ import annotations

import math
import re
from collections import Counter

from babel import Locale

from bot.i18n import Catalogue, Safe
from bot.knowledge.lexicon import (
    COMMON_WORDS,
    CUES,
    NUMBER_WORDS,
    cue_vocabulary,
)
from bot.knowledge.markup import (
    Answer,
    _bold,
    _fit,
    _Reply,
    _Words,
    esc,
    i,
)
from bot.knowledge.matching import (
    ALIAS,
    CORE,
    FULL,
    NAME_STOPWORDS,
    WORD,
    NameIndex,
    Ref,
    name_tokens,
)
from bot.knowledge.models import (
    Country,
    KnowledgeBase,
    Organisation,
    Partnership,
    Project,
    Text,
)
from bot.knowledge.query import (
    _alias_via,
    _org_core,
    _stem,
)
from bot.knowledge.refine import People
from bot.knowledge.textnorm import STOPWORDS, normalize, tokenize
from bot.knowledge.vocabulary import vocabulary
from bot.knowledge.words import (
    _CUE_WORDS,
    _MONTHS,
    _OTHER_COUNTRY_ALIASES,
    _PROJECT_WORDS,
)

# what brackets add at the end of a name ("... conference (Assises)")
_BRACKETED_END = re.compile(r"\s*\([^)]*\)\s*$")


class KnowledgeIndex:
    def __init__(self, kb: KnowledgeBase, catalogue: Catalogue | None = None) -> None:
        self.kb = kb
        self._w = _Words(catalogue or Catalogue.bundled())
        self._people = People(kb, self._w.catalogue)
        self._index = NameIndex()
        self._org_partnerships: dict[str, list[str]] = {}
        # partnerships by funder: a record id or a funder's label
        self._funded_by: dict[str, set[str]] = {}
        self._funder_labels: dict[str, list[str]] = {}
        self._places: dict[str, list[tuple[str, int | None]]] = {}
        self._project_order = list(kb.projects)
        # compact spellings of the projects' names, for names dictated or misheard
        self._project_keys: dict[str, str] = {
            key: p.id
            for p in kb.projects.values()
            for spelling in (p.short_name, p.id, *p.aliases)
            if len(key := "".join(name_tokens(spelling))) >= 4
            and not set(tokenize(spelling)) & _PROJECT_WORDS
        }
        self._project_heads: dict[str, tuple[str, str]] = {
            p.id: (toks[0], toks[1])
            for p in kb.projects.values()
            if len(toks := name_tokens(p.short_name)) == 2 and len(toks[0]) >= 3
        }
        self._build_action_search()
        self._build_index()
        self._proper_words: frozenset[str] = (
            frozenset(
                t
                for rec in (*kb.countries.values(), *kb.organisations.values())
                for n in rec.names()
                for t in tokenize(n)
                if len(t) > 2
            )
            - _CUE_WORDS
            - COMMON_WORDS
            - STOPWORDS
        )
        self._name_pieces: frozenset[str] = frozenset(
            t
            for p in kb.projects.values()
            for spelling in (p.short_name, p.id, *p.aliases)
            for t in tokenize(spelling)
            if t not in _PROJECT_WORDS
        )
        # the countries' demonyms: French ones vote French, English ones English
        votes = {t: "en" for c in kb.countries.values() for d in c.demonyms.en for t in tokenize(d)}
        for c in kb.countries.values():
            for d in c.demonyms.fr:
                for t in tokenize(d):
                    votes[t] = "" if votes.get(t, "fr") == "en" else "fr"
        self._language_votes: dict[str, str] = {t: v for t, v in votes.items() if v}
        self._build_agenda_index()
        self._build_member_cache()
        self._build_country_mentions()
        self._build_term_projects()
        self._build_history_index()

    def _build_index(self) -> None:
        idx = self._index
        kb = self.kb
        labels: list[tuple[Text, str]] = []
        for p in kb.projects.values():
            ref = Ref("project", p.id)
            idx.add(p.short_name, ref, FULL, "name")
            idx.add(p.id, ref, ALIAS, "alias")
            for a in p.aliases:
                idx.add(a, ref, ALIAS, "alias")
            first = tokenize(p.short_name)
            if first and len(first[0]) >= 4 and first[0] not in COMMON_WORDS:
                idx.add(first[0], ref, WORD, "word")
        self._add_distinctive_words(
            {p.id: [p.title.fr, p.title.en, p.theme.fr, p.theme.en] for p in kb.projects.values()},
            "project",
            min_len=6,
        )
        for c in kb.countries.values():
            ref = Ref("country", c.id)
            for n in (c.name.fr, c.name.en):
                idx.add(n, ref, FULL, "name")
            for a in c.aliases:
                idx.add(a, ref, ALIAS, "alias")
            for d in [*c.demonyms.fr, *c.demonyms.en]:
                idx.add(d, ref, ALIAS, "demonym")
        self._region_seqs: dict[tuple[str, ...], int] = {}
        for k, region in enumerate(vocabulary().places.regions):
            # "africains", "en Afrique de l'Ouest": each listed country of the region, on the
            # same words (ties are all kept: the question names them all)
            for spelling in (*region.spellings, *region.demonyms):
                self._region_seqs.setdefault(tuple(name_tokens(spelling)), k)
                for cid in sorted(region.codes & kb.countries.keys()):
                    idx.add(spelling, Ref("country", cid), ALIAS, "region")
        # organisations: names, acronyms, aliases, then derived cores and distinctive words
        word_owners: dict[str, set[str]] = {}
        for o in kb.organisations.values():
            ref = Ref("organisation", o.id)
            idx.add(o.name, ref, FULL, "name")
            if o.name_en:
                idx.add(o.name_en, ref, FULL, "name")
            for a in o.acronyms:
                idx.add(a, ref, ALIAS, "acronym")
            for a in [*o.aliases, *o.listed_as.values()]:
                idx.add(a, ref, ALIAS, "alias")
                bare = re.sub(r"\s*\([^)]*\)\s*$", "", a)
                if bare != a:
                    idx.add(bare, ref, CORE if len(name_tokens(bare)) == 1 else ALIAS, "alias")
            for spelling in [o.name, o.name_en or "", *o.aliases]:
                core = _org_core(re.sub(r"\([^)]*\)", "", spelling))
                if core and not (len(core) == 1 and (core[0] in STOPWORDS or len(core[0]) < 3)):
                    idx.add(" ".join(core), ref, CORE, "core")
                for tok in name_tokens(re.sub(r"\([^)]*\)", "", spelling)):
                    word_owners.setdefault(tok, set()).add(o.id)
        cue_words = cue_vocabulary()
        country_words: set[str] = set()
        for c in kb.countries.values():
            for n in c.all_names():
                country_words.update(tokenize(n))
        for tok, owners in word_owners.items():
            if (
                len(owners) == 1
                and len(tok) >= 4
                and tok.isalpha()
                and tok not in COMMON_WORDS
                and tok not in STOPWORDS
                and tok not in cue_words
                and tok not in country_words
            ):
                (oid,) = owners
                idx.add(tok, Ref("organisation", oid), WORD, "word")
        for t in kb.terms.values():
            ref = Ref("term", t.id)
            idx.add(t.term, ref, FULL, "name")
            if t.term_en:
                idx.add(t.term_en, ref, FULL, "name")
            if t.acronym:
                idx.add(t.acronym, ref, ALIAS, "acronym")
            for a in t.aliases:
                idx.add(a, ref, ALIAS, _alias_via(a))
        for net in kb.networks.values():
            ref = Ref("network", net.id)
            idx.add(net.name, ref, FULL, "name")
            if net.name_en:
                idx.add(_BRACKETED_END.sub("", net.name_en), ref, FULL, "name")
            if net.acronym:
                idx.add(net.acronym, ref, ALIAS, "acronym")
            for alias in net.aliases:
                idx.add(alias, ref, ALIAS, _alias_via(alias))
        self._add_distinctive_words(
            {m.id: [m.title.fr, m.title.en, *m.aliases] for m in kb.meetings.values()},
            "meeting",
            min_len=5,
        )
        for m in kb.meetings.values():
            ref = Ref("meeting", m.id)
            for title in (m.title.fr, m.title.en):
                idx.add(title, ref, FULL, "name")
                # "X conference (Assises)": the title without what its brackets add
                bare = _BRACKETED_END.sub("", title)
                if bare and bare != title:
                    idx.add(bare, ref, FULL, "name")
            for a in m.aliases:
                idx.add(a, ref, ALIAS, "alias")
            if m.place and m.place.city:
                self._places.setdefault(m.place.city, []).append((m.id, None))
        for s in kb.partnerships.values():
            ref = Ref("partnership", s.id)
            idx.add(s.title.fr, ref, FULL, "name")
            idx.add(s.title.en, ref, FULL, "name")
            for oid in [*s.french_partners, *s.foreign_partners]:
                self._org_partnerships.setdefault(oid, []).append(s.id)
            for f in s.funding:
                if f.funder_ref:
                    self._funded_by.setdefault(f.funder_ref, set()).add(s.id)
                else:
                    key = normalize(f.funder.fr)
                    if key not in self._funder_labels:
                        self._funder_labels[key] = []
                        labels.append((f.funder, key))
                    if self._funder_labels[key][-1:] != [s.id]:
                        self._funder_labels[key].append(s.id)
        for label, key in labels:
            for spelling in (label.fr, label.en):
                if not idx.has_sequence(tuple(name_tokens(spelling))):
                    idx.add(spelling, Ref("funder", key), ALIAS, "funder")
        title_owners: dict[str, set[str]] = {}
        known_before_titles = set(idx.vocabulary)
        for act in kb.actions.values():
            ref = Ref("action", act.id)
            for title in (act.title.fr, act.title.en):
                if len(name_tokens(title)) >= 2:
                    idx.add(re.sub(r"\([^)]*\)", "", title), ref, FULL, "name")
                for tok in name_tokens(title):
                    title_owners.setdefault(tok, set()).add(act.id)
            for k, ms in enumerate(act.milestones):
                if ms.place and ms.place.city:
                    self._places.setdefault(ms.place.city, []).append((act.id, k))
            if act.location and act.location.city:
                self._places.setdefault(act.location.city, []).append((act.id, None))
        for tok, owners in title_owners.items():
            if (
                len(owners) == 1
                and len(tok) >= 6
                and tok.isalpha()
                and tok not in COMMON_WORDS
                and tok not in STOPWORDS
                and tok not in cue_words
                and tok not in NUMBER_WORDS
                and tok not in known_before_titles
            ):
                (aid,) = owners
                idx.add(tok, Ref("action", aid), WORD, "word")
        self._add_partial_names(cue_words)
        self._add_other_countries(cue_words, country_words)
        for city in self._places:
            idx.add(city, Ref("place", city), CORE, "place")
        zone_names = [Locale(x).time_zones for x in ("fr", "en")]
        for c in kb.countries.values():
            for tz in c.timezones:
                cities = [tz.rsplit("/", 1)[-1].replace("_", " ")]
                cities += [str(n[tz]["city"]) for n in zone_names if "city" in n.get(tz, {})]
                for city in dict.fromkeys(cities):
                    if not idx.has_sequence(tuple(name_tokens(city))):
                        idx.add(city, Ref("tz_city", c.id), CORE, "place", fuzzy=False)
        for city, code in vocabulary().places.cities.items():  # cities the CLDR does not name
            if code in kb.countries and not idx.has_sequence(tuple(name_tokens(city))):
                idx.add(city, Ref("tz_city", code), CORE, "place", fuzzy=False)
        unknown = CUES["unknown_attr"].words
        idx.add_tokens(cue_words - unknown)
        idx.add_tokens(NUMBER_WORDS)
        idx.add_tokens(_MONTHS)
        idx.add_tokens(
            t
            for weights in self._action_words.values()
            for t in weights
            if len(t) >= 6 and t.isalpha()
        )
        idx.freeze(protected=COMMON_WORDS | STOPWORDS | unknown | _MONTHS)

    def _add_other_countries(self, cue_words: frozenset[str], known: set[str]) -> None:
        """Countries of the world that no record mentions ("Togo", "Gabon"), so that
        "membres au Togo" gets "no member in Togo" rather than every member. Names from the
        CLDR (babel); matched as typed only."""
        self._other_countries: dict[str, Text] = {}
        fr, en = Locale("fr").territories, Locale("en").territories
        for code, name_fr in fr.items():
            cid = code.lower()
            if len(code) != 2 or not code.isalpha() or cid in self.kb.countries:
                continue
            name_en = en.get(code, name_fr)
            self._other_countries[cid] = Text(fr=name_fr, en=name_en)
            ref = Ref("other_country", cid)
            for name in {name_fr, name_en, *_OTHER_COUNTRY_ALIASES.get(cid, ())}:
                toks = name_tokens(name)
                if not toks or all(
                    t in cue_words or t in COMMON_WORDS or t in STOPWORDS or t in known
                    for t in toks
                ):
                    continue
                via = "acronym" if name.isupper() else "name"
                self._index.add(name, ref, FULL, via, fuzzy=False)

    def _add_partial_names(self, cue_words: frozenset[str]) -> None:
        """Names of bodies, networks and meetings typed with one word left out
        (a post named by its city alone), when that shorter form is
        unambiguous and still holds a distinctive word."""
        spellings: list[tuple[str, Ref]] = []
        for t in self.kb.terms.values():
            spellings += [(n, Ref("term", t.id)) for n in (t.term, t.term_en, *t.aliases) if n]
        for net in self.kb.networks.values():
            spellings += [(n, Ref("network", net.id)) for n in (net.name, *net.aliases)]
        for m in self.kb.meetings.values():
            spellings += [(n, Ref("meeting", m.id)) for n in (m.title.fr, m.title.en)]
        owners: dict[tuple[str, ...], set[Ref]] = {}
        for spelling, ref in spellings:
            toks = name_tokens(re.sub(r"\([^)]*\)", "", spelling))
            if not 3 <= len(toks) <= 6:
                continue
            for k in range(len(toks)):
                seq = tuple(toks[:k] + toks[k + 1 :])
                if any(
                    len(t) >= 4
                    and t.isalpha()
                    and t not in cue_words
                    and t not in COMMON_WORDS
                    and t not in STOPWORDS
                    for t in seq
                ):
                    owners.setdefault(seq, set()).add(ref)
        for seq, refs in owners.items():
            if len(refs) == 1 and not self._index.has_sequence(seq):
                (ref,) = refs
                self._index.add(" ".join(seq), ref, CORE, "partial")

    def _add_distinctive_words(self, texts: dict[str, list[str]], kind: str, min_len: int) -> None:
        """Index the words that name one record only (a theme word -> the project it belongs to)."""
        owners: dict[str, set[str]] = {}
        for rid, items in texts.items():
            for text in items:
                for tok in name_tokens(text):
                    owners.setdefault(tok, set()).add(rid)
        cue_words = _CUE_WORDS
        for tok, who in owners.items():
            if (
                len(who) == 1
                and len(tok) >= min_len
                and tok.isalpha()
                and tok not in COMMON_WORDS
                and tok not in STOPWORDS
                and tok not in cue_words
                and tok not in NUMBER_WORDS
            ):
                (rid,) = who
                self._index.add(tok, Ref(kind, rid), WORD, "word")

    def _build_country_mentions(self) -> None:
        """Organisations whose notes name a foreign country ("régions djiboutiennes")."""
        starts: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        for c in self.kb.countries.values():
            for name in c.all_names():
                seq = tuple(name_tokens(name))
                if seq:
                    starts.setdefault(seq[0], []).append((seq, c.id))
        self._country_mentions: dict[str, list[str]] = {}
        for o in self.kb.organisations.values():
            if o.notes is None:
                continue
            seen: set[str] = set()
            for text in (o.notes.fr, o.notes.en):
                toks = name_tokens(text)
                for k, tok in enumerate(toks):
                    for seq, cid in starts.get(tok, ()):
                        if tuple(toks[k : k + len(seq)]) == seq and cid != o.country:
                            seen.add(cid)
            for cid in seen:
                self._country_mentions.setdefault(cid, []).append(o.id)

    def _country_mention_lines(
        self, cids: list[str], lang: str, within: str | None = None
    ) -> list[str]:
        """What the documents say about countries that have no member (``within``: only the
        notes of that project's members)."""
        lines: list[str] = []
        for cid in cids:
            oids = [
                oid
                for oid in self._country_mentions.get(cid, [])
                if within is None or within in self.kb.organisations[oid].projects
            ][:5]
            if not oids:
                continue
            lines.append(self._w.t("country_mentioned", lang))
            for oid in oids:
                o = self.kb.organisations[oid]
                note = f" — {i(o.notes.get(lang))}" if o.notes else ""
                lines.append(f"• {_bold(self._org_label(o, lang))}{note}")
        return lines

    def _build_term_projects(self) -> None:
        """Projects each glossary term relates to (funder, call, occasion of an action)."""
        links: dict[str, set[str]] = {}
        for p in self.kb.projects.values():
            for f in p.funders:
                for tid in (f.body, f.parent):
                    if tid:
                        links.setdefault(tid, set()).add(p.id)
            for tid in (p.co_financing_body, p.call_term, p.animator):
                if tid:
                    links.setdefault(tid, set()).add(p.id)
        for a in self.kb.actions.values():
            for tid in (a.occasion_term, *(ms.occasion_term for ms in a.milestones)):
                if tid:
                    links.setdefault(tid, set()).add(a.project)
        for p in self.kb.projects.values():
            theme = f" {normalize(p.theme.fr)} {normalize(p.theme.en)} "
            names = [f" {normalize(n)} " for n in (p.short_name, *p.aliases) if normalize(n)]
            for t in self.kb.terms.values():
                if any(f" {normalize(n)} " in theme for n in (t.term, t.acronym) if n):
                    links.setdefault(t.id, set()).add(p.id)
                # a term whose definition names the project ("the technical body of <P>")
                definition = f" {normalize(t.definition.fr)} {normalize(t.definition.en)} "
                if any(n in definition for n in names):
                    links.setdefault(t.id, set()).add(p.id)
        self._term_projects = links

    def _build_member_cache(self) -> None:
        self._members: dict[str, list[Organisation]] = {pid: [] for pid in self.kb.projects}
        for o in self.kb.organisations.values():
            if o.merged_into is not None:
                continue
            for pid in o.projects:
                if pid in self._members:
                    self._members[pid].append(o)

    def _members_of(self, pid: str) -> list[Organisation]:
        return self._members.get(pid, [])

    def _members_by_country(self, pid: str) -> dict[str, list[Organisation]]:
        out: dict[str, list[Organisation]] = {}
        for o in self._members_of(pid):
            out.setdefault(o.country, []).append(o)
        return out

    def _member_countries(self, pid: str) -> list[Country]:
        return [
            self.kb.countries[c] for c in self._members_by_country(pid) if c in self.kb.countries
        ]

    def _build_agenda_index(self) -> None:
        self._agenda: list[tuple[str, int, dict[str, float], list[set[str]]]] = []
        self._agenda_refs: dict[tuple[str, int], set[str]] = {}
        for m in self.kb.meetings.values():
            for k, item in enumerate(m.agenda):
                named: set[str] = {m.id, *m.organisers}
                if item.facilitator_ref:
                    named.add(item.facilitator_ref)
                if m.place and m.place.country:
                    named.add(m.place.country)
                texts = [item.activity.fr, item.activity.en]
                if item.facilitator:
                    texts += [item.facilitator.fr, item.facilitator.en]
                for text in texts:
                    toks = [t for t in tokenize(text) if t not in NAME_STOPWORDS]
                    named.update(mention.ref.id for mention in self._index.find(toks))
                self._agenda_refs[(m.id, k)] = named
        df: Counter[str] = Counter()
        raw: list[tuple[str, int, set[str], set[str]]] = []
        langs: dict[tuple[str, int], list[set[str]]] = {}
        for m in self.kb.meetings.values():
            for k, item in enumerate(m.agenda):
                per_lang = [
                    {t for t in tokenize(text) if t not in STOPWORDS and t not in NAME_STOPWORDS}
                    for text in (item.activity.fr, item.activity.en)
                ]
                langs[(m.id, k)] = per_lang
                main = per_lang[0] | per_lang[1]
                extra: set[str] = set()
                if item.facilitator:
                    extra = {
                        t
                        for t in tokenize(f"{item.facilitator.fr} {item.facilitator.en}")
                        if t not in STOPWORDS and t not in NAME_STOPWORDS
                    } - main
                raw.append((m.id, k, main, extra))
                df.update(main | extra)
        n = max(1, len(raw))
        for mid, k, main, extra in raw:
            weights = {t: math.log(1 + n / df[t]) for t in main}
            weights.update({t: 0.3 * math.log(1 + n / df[t]) for t in extra})
            self._agenda.append((mid, k, weights, langs[(mid, k)]))

    # helpers for handlers ------------------------------------------------------

    def find_project(self, name: str) -> Project | None:
        """A project by id, short name or alias (typos tolerated)."""
        if name in self.kb.projects:
            return self.kb.projects[name]
        refs = self._lookup(name, "project")
        return self.kb.projects[refs[0]] if refs else None

    def find_country(self, name: str) -> Country | None:
        """A country by ISO code, name (fr/en), alias or demonym."""
        key = name.strip().lower()
        if key in self.kb.countries:
            return self.kb.countries[key]
        refs = self._lookup(name, "country")
        return self.kb.countries[refs[0]] if refs else None

    def _lookup(self, text: str, kind: str) -> list[str]:
        toks, _fixes = self._index.correct(tokenize(text))
        filtered = [t for t in toks if t not in NAME_STOPWORDS]
        found = self._index.find(filtered)
        return [m.ref.id for m in found if m.ref.kind == kind]

    def _wrap(self, reply: _Reply, lang: str) -> Answer:
        return Answer(
            html=_fit(reply.lines, lang, catalogue=self._w.catalogue),
            found=reply.found,
            lang=lang,
            intent=reply.intent,
            refs=tuple(dict.fromkeys(reply.refs)),
        )

    def _build_action_search(self) -> None:
        """IDF-weighted words of every action (title, description, topics, people...)."""
        texts: dict[str, set[str]] = {}
        for a in self.kb.actions.values():
            parts: list[Text | None] = [
                a.title,
                a.description,
                *a.topics,
                *a.items,
                a.participants,
                a.occasion,
                *(g.who for g in a.guests),
            ]
            words_: set[str] = set()
            for part in parts:
                if part is not None:
                    words_.update(tokenize(f"{part.fr} {part.en}"))
            texts[a.id] = {
                t
                for t in words_
                if t not in STOPWORDS and t not in NAME_STOPWORDS and not t.isdigit()
            }
        df: Counter[str] = Counter()
        for toks in texts.values():
            df.update(toks)
        n = max(1, len(texts))
        self._action_words = {
            aid: {t: math.log(1 + n / df[t]) for t in toks} for aid, toks in texts.items()
        }

    def _p(self, pid: str) -> Project:
        return self.kb.projects[pid]

    def _arrow_span(self, p: Project, lang: str) -> str:
        return f"{p.actions_start.format(lang)} → {p.actions_end.format(lang)}"

    def _span(self, p: Project, lang: str) -> Safe:
        return self._w.s(
            "actions_span", lang, start=p.actions_start.format(lang), end=p.actions_end.format(lang)
        )

    def _country_name(self, cid: str, lang: str) -> str:
        c = self.kb.countries.get(cid)
        return c.name.get(lang) if c else cid.upper()

    def _in_country(self, cid: str, lang: str) -> Safe:
        return self._w.in_country(self.kb.countries.get(cid), cid.upper(), lang)

    def _org_label(self, o: Organisation, lang: str) -> str:
        name = o.name_en if (lang == "en" and o.name_en) else o.name
        country = self.kb.countries.get(o.country)
        if country is not None:
            for shown in (country.name.fr, country.name.en):
                name = name.removesuffix(f" ({shown})")
        acr = next((a for a in o.acronyms if a.replace("-", "").isupper() or "-" in a), None)
        if not acr:
            return esc(name)
        if name.endswith(")"):
            return esc(f"{name[:-1]}, {acr})")
        return f"{esc(name)} ({esc(acr)})"

    def _build_history_index(self) -> None:
        """Words of the partnerships' history steps -> (partnership id, step index)."""
        self._history_words: dict[str, list[tuple[str, int]]] = {}
        for s in self.kb.partnerships.values():
            partner_words = self._partner_words(s)
            for k, step in enumerate(s.history):
                toks = {
                    _stem(t)
                    for t in tokenize(f"{step.fr} {step.en}")
                    if t.isalpha() and t not in STOPWORDS and t not in NAME_STOPWORDS
                } - partner_words
                for t in toks:
                    self._history_words.setdefault(t, []).append((s.id, k))

    def _partner_words(self, s: Partnership) -> set[str]:
        out: set[str] = set()
        for oid in [*s.french_partners, *s.foreign_partners]:
            o = self.kb.organisations.get(oid)
            if o is not None:
                for n in o.names():
                    out.update(_stem(t) for t in tokenize(n))
        return out
