"""Answering free-text questions from the knowledge base.

``Answerer`` is built once from a :class:`~bot.knowledge.models.KnowledgeBase`; its
:meth:`Answerer.answer` turns a question in French or English (accents optional, typos,
demonyms, one-word queries) into a short Telegram-HTML answer built only from the data.

Pipeline: normalise (``textnorm``) -> correct spelling against the known vocabulary and
find the records named in the question (``matching``) -> read the cue words (``lexicon``)
-> route to one intent -> render. Every word of the answers comes from the catalogues
(``bot/i18n/locales/{fr,en}/answers.toml``, ids ``answers.*``; ``Answerer(kb, catalogue)``,
bundled by default), including the grammar of French prepositions and articles ("au
Cameroun", "par la DAECT", derived in :mod:`bot.knowledge.lexicon`). Data values are escaped
by the catalogue, markup built here is passed as ``Safe``; the only tags used are ``b`` and
``i``.

Besides free text, the handlers call the structured entry points :meth:`Answerer.projects`,
:meth:`Answerer.project`, :meth:`Answerer.members`, :meth:`Answerer.actions`,
:meth:`Answerer.organisation`, :meth:`Answerer.glossary` and :meth:`Answerer.not_found`.
"""

from __future__ import annotations

import html
import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from babel import Locale
from babel.numbers import format_decimal
from rapidfuzz import fuzz, process

from bot.i18n import Catalogue, Safe
from bot.knowledge.lexicon import (
    COMMON_WORDS,
    CUES,
    NUMBER_WORDS,
    Cues,
    cue_vocabulary,
    detect_cues,
    english_country_class,
    french_article_class,
    french_country_class,
    ordinal_value,
)
from bot.knowledge.matching import (
    ALIAS,
    CORE,
    FULL,
    NAME_STOPWORDS,
    WORD,
    Mention,
    NameIndex,
    Ref,
    name_tokens,
)
from bot.knowledge.models import (
    ORG_KIND_LABELS,
    Action,
    AgendaItem,
    Country,
    FundingLine,
    Guest,
    KnowledgeBase,
    Meeting,
    Milestone,
    Network,
    Organisation,
    PartialDate,
    Partnership,
    Place,
    Project,
    Term,
    Text,
)
from bot.knowledge.refine import People, refine
from bot.knowledge.textnorm import STOPWORDS, detect_language, fold, normalize, tokenize, words
from bot.timezones import zone

__all__ = ["MAX_HTML_CHARS", "Answer", "Answerer"]

# Telegram refuses messages over 4096 characters; stay well below to leave room for the
# handlers' own header or keyboard hint.
MAX_HTML_CHARS = 3800
_MAX_QUESTION_CHARS = 600


@dataclass(frozen=True, slots=True)
class Answer:
    """One reply: Telegram HTML, whether the data answered it, its language and intent."""

    html: str
    found: bool
    lang: str
    intent: str
    refs: tuple[str, ...] = ()  # ids of the records the answer is about


# --------------------------------------------------------------------------- markup
# User-facing words live in the catalogues (bot/i18n/locales/*/answers.toml, ids
# ``answers.*``). Markup built here is passed to the catalogue as ``Safe``; data values are
# passed as they are and escaped by ``Catalogue.t``.


def esc(value: object) -> str:
    return html.escape(str(value), quote=False)


def b(value: object) -> Safe:
    """Bold plain text (escaped)."""
    return Safe(f"<b>{esc(value)}</b>")


def i(value: object) -> Safe:
    """Italic plain text (escaped)."""
    return Safe(f"<i>{esc(value)}</i>")


def _bold(markup: str) -> Safe:
    """Bold text that is already HTML (a catalogue message)."""
    return Safe(f"<b>{markup}</b>")


def _lang(lang: str | None) -> str:
    return "en" if (lang or "").lower().startswith("en") else "fr"


def _locale(lang: str) -> str:
    return "en" if lang == "en" else "fr"


def _day(d: date, lang: str) -> str:
    return PartialDate(year=d.year, month=d.month, day=d.day).format(lang)


def _capitalise(markup: str) -> Safe:
    """First letter in capitals ("la DAECT" -> "La DAECT"), markup kept."""
    return Safe(markup[:1].upper() + markup[1:])


# Glossary types that take "the" in English when they have an English name ("the DAECT").
_ENGLISH_THE_TYPES = frozenset({"body", "ministry", "role", "network", "database", "event"})


class _Words:
    """The ``answers.*`` messages of one catalogue, and the layout that depends on language."""

    def __init__(self, catalogue: Catalogue) -> None:
        self.catalogue = catalogue

    def t(self, key: str, lang: str, /, **params: object) -> str:
        """A message as HTML: plain values are escaped, ``Safe`` ones inserted as they are."""
        return self.catalogue.t(lang, f"answers.{key}", **params)

    def s(self, key: str, lang: str, /, **params: object) -> Safe:
        """:meth:`t` marked safe, to be nested in another message."""
        return Safe(self.t(key, lang, **params))

    def field(self, lang: str, label: str, value: object) -> str:
        """ "Label : value" (French) / "Label: value"; ``label`` is a message key."""
        return self.t("fmt.field", lang, label=self.s(label, lang), value=value)

    def bullet(self, lang: str, label: str, value: object) -> str:
        """A bullet line "• Label : value"."""
        return "• " + self.field(lang, label, value)

    def heading(self, lang: str, label: str) -> str:
        return self.t("fmt.heading", lang, label=self.s(label, lang))

    def semi(self, lang: str) -> str:
        return self.catalogue.raw(lang, "answers.fmt.list_sep")

    def texts(self, items: Iterable[Text], lang: str) -> str:
        """Plain texts joined by "; " (plain text: escape it when putting it in HTML)."""
        return self.semi(lang).join(t.get(lang) for t in items)

    def join(self, items: Sequence[str], lang: str) -> str:
        """ "a, b et c" / "a, b and c" (items are HTML or plain, the result is the same)."""
        items = list(items)
        if not items:
            return ""
        if len(items) == 1:
            return items[0]
        last = self.catalogue.raw(lang, "answers.fmt.and")
        return ", ".join(items[:-1]) + last + items[-1]

    def pct(self, rate: float, lang: str) -> str:
        num = format_decimal(rate, locale=_locale(lang), format="#,##0.##")
        return self.t("fmt.percent", lang, num=num)

    def eur(self, amount: int, lang: str) -> str:
        return self.t("fmt.euro", lang, num=format_decimal(amount, locale=_locale(lang)))

    def hm(self, t: time, lang: str) -> str:
        return self.t("fmt.time", lang, hour=t.hour, minute=f"{t.minute:02d}")

    def quoted(self, text: object, lang: str) -> Safe:
        return self.s("fmt.quoted", lang, text=text)

    def status(self, status: str, lang: str) -> str:
        return self.t(f"status.{status}", lang)

    def in_country(self, country: Country | None, fallback: str, lang: str) -> Safe:
        """ "au Cameroun", "en Côte d'Ivoire", "à Madagascar" / "in the Republic of the Congo"."""
        if country is None:
            return self.s("in_country.bare", lang, country=fallback)
        name = country.name.get(lang)
        grammar = french_country_class(name) if lang == "fr" else english_country_class(name)
        return self.s(f"in_country.{grammar}", lang, country=name)

    def with_article(
        self,
        display: str,
        head_noun: str,
        lang: str,
        *,
        english: bool,
        markup: Safe | None = None,
    ) -> Safe:
        """ "la DAECT", "le MEAE", "l'AIRF" / "the DAECT"; ``english`` says whether English
        uses "the" before this name; ``markup`` renders ``display`` (bold...)."""
        if lang == "fr":
            grammar = french_article_class(display, head_noun)
        else:
            grammar = "masculine" if english else "bare"
        return self.s(f"article.{grammar}", lang, name=display if markup is None else markup)


# --------------------------------------------------------------------------- layout


@dataclass
class _Reply:
    lines: list[str]
    intent: str
    found: bool = True
    refs: list[str] = field(default_factory=list)


def _fit(
    lines: list[str],
    lang: str,
    limit: int = MAX_HTML_CHARS,
    catalogue: Catalogue | None = None,
) -> str:
    """Join lines; when too long, cut at a line boundary (tags never straddle lines)."""
    text = "\n".join(lines)
    if len(text) <= limit:
        return text
    tail = (catalogue or Catalogue.bundled()).t(lang, "answers.truncated")
    kept: list[str] = []
    size = len(tail) + 1
    for line in lines:
        if len(line) > limit - size - 1:
            # a single huge line: keep its plain text, cut cleanly
            plain = re.sub(r"<[^>]+>", "", line)
            room = max(0, limit - size - 2)
            line = esc(html.unescape(plain)[: max(0, room // 2)]) + "…"
        if size + len(line) + 1 > limit:
            break
        kept.append(line)
        size += len(line) + 1
    kept.append(tail)
    return "\n".join(kept)


# --------------------------------------------------------------------------- parsing


@dataclass
class _Query:
    raw: str
    lang: str
    today: date
    tokens: list[str]  # folded, spelling-corrected tokens
    cues: Cues
    all_cues: Cues  # cues read without masking the names (for minor facets)
    mentions: list[Mention]
    action_no: int | None
    ordinal: int | None
    years: list[int]
    kinds: frozenset[str]
    fixed: bool  # a spelling correction was applied
    clock: time | None = None  # a time of day named in the question ("15h30")
    loose_kind: bool = False  # "quelles régions": a kind word used loosely for members
    excluded: frozenset[Ref] = frozenset()  # named after "sauf", "other than", "not in"
    ex_orgs: frozenset[str] = frozenset()  # members left out (set by routing)
    ex_countries: frozenset[str] = frozenset()  # countries left out (set by routing)
    ex_projects: tuple[str, ...] = ()  # projects whose members are left out (routing)
    typed: list[str] = field(default_factory=list)  # the tokens before spelling correction

    def ids(self, kind: str) -> list[str]:
        out: list[str] = []
        for m in self.mentions:
            if m.ref.kind == kind and m.ref.id not in out:
                out.append(m.ref.id)
        return out

    def has(self, *kinds: str) -> bool:
        return any(m.ref.kind in kinds for m in self.mentions)


_KIND_WORDS: dict[str, frozenset[str]] = {
    "regional_natural_park": words("parc parcs park parks pnr"),
    "departmental_council": words(
        "departemental departementaux departementale departementales departmental "
        "departement departements department departments"
    ),
    "regional_council": words("regional regionaux regionale regionales region regions"),
    "autonomous_district": words("district districts"),
    "municipal_council": words(
        "municipal municipaux municipale municipales municipalite municipalites municipality "
        "municipalities commune communes ville villes city cities town towns"
    ),
    "provincial_council": words("provincial provinciaux province provinces"),
    "association_of_municipalities": words("association associations"),
    "intercommunal_grouping": words(
        "groupement groupements grouping groupings intercommunal intercommunaux "
        "intercommunale intercommunales intercommunalite intercommunalites"
    ),
    "community_of_municipalities": words("communaute communautes community communities"),
}
_KIND_EXPAND: dict[str, frozenset[str]] = {
    "regional_council": frozenset({"regional_council", "region"}),
    "municipal_council": frozenset({"municipal_council", "municipality"}),
    "intercommunal_grouping": frozenset(
        {"intercommunal_grouping", "community_of_municipalities", "association_of_municipalities"}
    ),
}
_COUNCIL_WORDS = words("conseil conseils council councils")
# "quelles régions" may mean "which members" (a district is not a region, but is meant)
_LOOSE_KIND_WORDS = words("region regions")
_REGIONAL_ADJECTIVES = words("regional regionaux regionale regionales")
_KIND_VOCABULARY = frozenset().union(*_KIND_WORDS.values())
_ALL_COUNCILS = frozenset(
    {"regional_council", "departmental_council", "provincial_council", "municipal_council"}
)

_ACTION_WORDS = words("action actions")
_GATHERING_WORDS = words(
    "regroupement regroupements gathering gatherings rassemblement rassemblements"
)
_PARTNERSHIP_WORDS = words(
    "partenariat partenariats partnership partnerships jumelage jumelages twinning"
)
_MEETING_WORDS = words("reunion reunions meeting meetings rencontre rencontres rendez vous")
_YEAR_RE = re.compile(r"^(19|20)\d\d$")

# Generic heads and tails of organisation names: what is left is the "core" people use.
_ORG_HEADS: tuple[tuple[str, ...], ...] = tuple(
    tuple(h.split())
    for h in sorted(
        [
            "conseil regional",
            "conseil departemental",
            "conseil provincial",
            "conseil municipal",
            "district autonome",
            "parc naturel regional",
            "pnr",
            "region",
            "ville",
            "municipalite",
            "commune",
            "communaute communes",
            "departement",
            "province",
            "ex region",
            "ancienne region",
        ],
        key=lambda h: -len(h.split()),
    )
)
_ORG_TAILS: tuple[tuple[str, ...], ...] = tuple(
    tuple(h.split())
    for h in ["regional council", "council", "region", "province", "municipality", "city"]
)


def _org_core(spelling: str) -> list[str]:
    toks = name_tokens(spelling)
    for head in _ORG_HEADS:
        if tuple(toks[: len(head)]) == head and len(toks) > len(head):
            toks = toks[len(head) :]
            break
    for tail in _ORG_TAILS:
        if tuple(toks[-len(tail) :]) == tail and len(toks) > len(tail):
            toks = toks[: -len(tail)]
            break
    return toks


# --------------------------------------------------------------------------- engine


class Answerer:
    """Question answering over one :class:`KnowledgeBase` (build once, reuse)."""

    def __init__(self, kb: KnowledgeBase, catalogue: Catalogue | None = None) -> None:
        self.kb = kb
        self._w = _Words(catalogue or Catalogue.bundled())
        self._people = People(kb, self._w.catalogue)
        self._index = NameIndex()
        self._org_partnerships: dict[str, list[str]] = {}
        # partnerships by funder: a record id (MEAE, Dijon) or a funder's label
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
        # two-word project names ("Terr'ESS" -> ("terr", "ess")), for names heard in two
        self._project_heads: dict[str, tuple[str, str]] = {
            p.id: (toks[0], toks[1])
            for p in kb.projects.values()
            if len(toks := name_tokens(p.short_name)) == 2 and len(toks[0]) >= 3
        }
        self._build_action_search()
        self._build_index()
        # words of proper names only (not French words that also occur in names): for the
        # language vote, "Côte d'Ivoire" is no sign of French
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
        self._build_agenda_index()
        self._build_member_cache()
        self._build_country_mentions()
        self._build_term_projects()
        self._build_history_index()

    # ------------------------------------------------------------------ indexes

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
                    # "Sud (Cameroun)" -> "Sud": only as strong as a derived core name
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
                idx.add(re.sub(r"\s*\([^)]*\)\s*$", "", net.name_en), ref, FULL, "name")
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
            idx.add(m.title.fr, ref, FULL, "name")
            idx.add(m.title.en, ref, FULL, "name")
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
        # funders named only by a label ("Collectivités et partenaires étrangers")
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
        # the cities time zones are named after ("Dakar", "Yerevan"), for time questions
        # (and their French / English names from the CLDR: "Erevan")
        zone_names = [Locale(x).time_zones for x in ("fr", "en")]
        for c in kb.countries.values():
            for tz in c.timezones:
                cities = [tz.rsplit("/", 1)[-1].replace("_", " ")]
                cities += [str(n[tz]["city"]) for n in zone_names if "city" in n.get(tz, {})]
                for city in dict.fromkeys(cities):
                    if not idx.has_sequence(tuple(name_tokens(city))):
                        idx.add(city, Ref("tz_city", c.id), CORE, "place", fuzzy=False)
        unknown = CUES["unknown_attr"].words
        idx.add_tokens(cue_words - unknown)
        idx.add_tokens(NUMBER_WORDS)
        idx.add_tokens(_MONTHS)  # "novembre" is a month, not a misspelt "nombre"
        # the actions' own words, so that "entrepreunariat" is read as "entrepreneuriat"
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
                    continue  # "La Réunion" is a meeting, not an island
                via = "acronym" if name.isupper() else "name"
                self._index.add(name, ref, FULL, via, fuzzy=False)

    def _add_partial_names(self, cue_words: frozenset[str]) -> None:
        """Names of bodies, networks and meetings typed with one word left out
        ("ambassade Rabat" for "Ambassade de France à Rabat"), when that shorter form is
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
        """Index the words that name one record only (``biodiversité`` -> COOP'R)."""
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

    def _country_mention_lines(self, cids: list[str], lang: str) -> list[str]:
        """What the documents say about countries that have no member."""
        lines: list[str] = []
        for cid in cids:
            oids = self._country_mentions.get(cid, [])[:5]
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
        # a term the project's theme names ("économie sociale et solidaire (ESS)")
        for p in self.kb.projects.values():
            theme = f" {normalize(p.theme.fr)} {normalize(p.theme.en)} "
            for t in self.kb.terms.values():
                if any(f" {normalize(n)} " in theme for n in (t.term, t.acronym) if n):
                    links.setdefault(t.id, set()).add(p.id)
        self._term_projects = links

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
        # ids an agenda item speaks about: its meeting, organisers, facilitator and the
        # records its own words name ("Marrakech-Safi", "GPMar", "MDH")
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

    # ------------------------------------------------------------------ public API

    def answer(self, question: str, lang: str | None, today: date) -> Answer:
        """Answer a free-text question. ``lang`` is a hint (interface language)."""
        raw = (question or "").strip()[:_MAX_QUESTION_CHARS]
        lng = detect_language(raw, hint=_lang(lang) if lang else None, names=self._proper_words)
        if not raw or not tokenize(raw):
            return self.not_found(lng)
        q = self._parse(raw, lng, today)
        reply = refine(self, q, self._route(q))
        if not any(line.strip() for line in reply.lines):
            return self.not_found(lng)
        return Answer(
            html=_fit(reply.lines, lng, catalogue=self._w.catalogue),
            found=reply.found,
            lang=lng,
            intent=reply.intent,
            refs=tuple(dict.fromkeys(reply.refs)),
        )

    def projects(self, lang: str, today: date) -> Answer:
        """The list of projects with their dates and status (``/projets``)."""
        lng = _lang(lang)
        return self._wrap(self._r_projects(list(self.kb.projects), lng, today, None), lng)

    def project(self, name: str, lang: str, today: date) -> Answer:
        """One project's card, by any of its names (``/projet COOP'R``)."""
        lng = _lang(lang)
        p = self.find_project(name)
        if p is None:
            return self.not_found(lng)
        return self._wrap(self._r_project_card(p, lng, today), lng)

    def members(self, project: str, country: str | None = None, lang: str = "fr") -> Answer:
        """Members of a project, optionally in one country (name, demonym or ISO code)."""
        lng = _lang(lang)
        p = self.find_project(project)
        if p is None:
            return self.not_found(lng)
        countries: list[str] = []
        if country:
            c = self.find_country(country)
            if c is None:
                return self.not_found(lng)
            countries = [c.id]
        return self._wrap(self._r_members([p.id], countries, frozenset(), False, lng), lng)

    def actions(self, project: str, lang: str = "fr") -> Answer:
        """A project's actions (``/actions COOP'R``)."""
        lng = _lang(lang)
        p = self.find_project(project)
        if p is None:
            return self.not_found(lng)
        return self._wrap(self._r_actions([p.id], False, lng), lng)

    def organisation(self, name: str, lang: str = "fr") -> Answer:
        """An organisation's card, by name, acronym or alias."""
        lng = _lang(lang)
        refs = self._lookup(name, "organisation")
        if not refs:
            return self.not_found(lng)
        return self._wrap(self._r_org_cards(refs, lng), lng)

    def glossary(self, term: str, lang: str = "fr") -> Answer:
        """A glossary entry (acronym or term), or a network's card."""
        lng = _lang(lang)
        refs = self._lookup(term, "term")
        if refs:
            return self._wrap(self._r_terms(refs, [], lng), lng)
        nets = self._lookup(term, "network")
        if nets:
            return self._wrap(self._r_networks(nets, lng), lng)
        return self.not_found(lng)

    def not_found(self, lang: str | None) -> Answer:
        """The plain "I don't know" answer, pointing to /aide (fr) or /help (en)."""
        lng = _lang(lang)
        return Answer(html=self._w.t("not_found", lng), found=False, lang=lng, intent="not_found")

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

    # ------------------------------------------------------------------ parsing

    def _split_elisions(self, tokens: list[str]) -> list[str]:
        """French elisions typed or dictated without their apostrophe ("latelier",
        "lappel", "dabidjan", "lafd"): split when what follows the article is a known word."""
        vocab = self._index.vocabulary
        out: list[str] = []
        for tok in tokens:
            head = "qu" if tok.startswith("qu") else tok[:1]
            rest = tok[len(head) :]
            if (
                head in _ELIDED
                and len(rest) >= 3
                and rest[0] in "aeiouyh"
                and tok not in vocab
                and tok not in STOPWORDS
                and tok not in _CUE_WORDS
                and tok not in COMMON_WORDS
                and rest in vocab
                and rest not in NUMBER_WORDS
                and (len(rest) >= 4 or rest in _SHORT_ELIDED)
            ):
                out.extend((head, rest))
            else:
                out.append(tok)
        # "coop décentralisée": short for "coopération", not COOP'R
        return [
            "cooperation"
            if t == "coop" and k + 1 < len(out) and out[k + 1].startswith(_COOP_NEXT)
            else t
            for k, t in enumerate(out)
        ]

    def _parse(self, raw: str, lang: str, today: date) -> _Query:
        tokens = tokenize(raw)
        if lang == "fr":
            tokens = self._split_elisions(tokens)
        corrected, fixes = self._index.correct(tokens)
        fixed_pos = {k for k, (a, c) in enumerate(zip(tokens, corrected, strict=True)) if a != c}
        # filtered token stream for name matching, with a map back to the raw positions
        keep = [k for k, t in enumerate(corrected) if t not in NAME_STOPWORDS]
        filtered = [corrected[k] for k in keep]
        fuzzy_f = frozenset(j for j, k in enumerate(keep) if k in fixed_pos)
        mentions = self._index.find(filtered, fuzzy_f)
        mentions = self._prune_mentions(mentions, filtered, raw)
        mentions = self._project_sound_alike(mentions, filtered)
        mentions = self._project_after_word(mentions, filtered)
        # cue tokens: multi-word names are masked (so "Groupe Pays Maroc" is not a
        # "countries" cue, nor "Conseil régional" a kind filter)
        masked: set[int] = set()
        for m in mentions:
            if m.length >= 2 or m.via in ("compact",):
                masked.update(keep[j] for j in range(m.start, m.end))
        cue_tokens = [t if k not in masked else "§" for k, t in enumerate(corrected)]
        cues = detect_cues(cue_tokens, lang, raw)
        kinds = _kinds(cue_tokens)
        if kinds and _kinds_negated(cue_tokens):
            # "les membres qui ne sont pas des conseils régionaux": every other kind
            kinds = frozenset(ORG_KIND_LABELS) - kinds
        return _Query(
            raw=raw,
            lang=lang,
            today=today,
            tokens=corrected,
            cues=cues,
            all_cues=detect_cues(corrected, lang, raw),
            mentions=mentions,
            action_no=_action_number(cue_tokens),
            ordinal=_ordinal(cue_tokens),
            years=[int(t) for t in corrected if _YEAR_RE.match(t)],
            kinds=kinds,
            fixed=bool(fixes),
            clock=_clock(raw),
            typed=tokens,
            loose_kind=bool(set(cue_tokens) & _LOOSE_KIND_WORDS)
            and not set(cue_tokens) & (_COUNCIL_WORDS | _REGIONAL_ADJECTIVES),
            excluded=self._negated_refs(mentions, filtered, _triggers(corrected, keep)),
        )

    def _project_sound_alike(self, mentions: list[Mention], filtered: list[str]) -> list[Mention]:
        """A project name heard as two words anywhere ("terre ess", "coop air"): the last
        word is the name's own tail and the pair, glued, is close to the name."""
        out = mentions
        for j in range(len(filtered) - 1):
            pair = filtered[j : j + 2]
            if any(m.ref.kind == "project" and m.start <= j and m.end >= j + 2 for m in out):
                continue
            for pid, (head, tail) in self._project_heads.items():
                if pair[1] != tail or pair[0] == head or len(pair[0]) < 3:
                    continue
                if fuzz.ratio(pair[0], head) < 75 or fuzz.ratio("".join(pair), head + tail) < 85:
                    continue
                kept = [m for m in out if m.end <= j or m.start >= j + 2]
                kept.append(Mention(Ref("project", pid), j, j + 2, ALIAS, "sound", True))
                out = sorted(kept, key=lambda m: m.start)
                break
        return out

    def _project_after_word(self, mentions: list[Mention], filtered: list[str]) -> list[Mention]:
        """The word(s) right after "projet"/"project" name a project, even misheard or
        dictated ("le projet coopère", "projet terre ess"): matched with a looser spelling
        tolerance than anywhere else."""
        if any(m.ref.kind == "project" for m in mentions):
            return mentions
        for j, tok in enumerate(filtered[:-1]):
            if tok not in _PROJECT_WORDS:
                continue
            best: tuple[float, int, str] | None = None
            for width in (1, 2):
                span = filtered[j + 1 : j + 1 + width]
                if len(span) < width or any(t in STOPWORDS or t.isdigit() for t in span):
                    break
                glued = "".join(span)
                if len(glued) < 4:
                    continue
                hit = process.extractOne(
                    glued, self._project_keys, scorer=fuzz.ratio, score_cutoff=75.0
                )
                if hit is not None and (best is None or hit[1] >= best[0]):
                    best = (float(hit[1]), width, self._project_keys[hit[0]])
            if best is None:
                continue
            _score, width, pid = best
            start, end = j + 1, j + 1 + width
            kept = [m for m in mentions if m.end <= start or m.start >= end]
            kept.append(Mention(Ref("project", pid), start, end, ALIAS, "sound", True))
            return sorted(kept, key=lambda m: m.start)
        return mentions

    def _prune_mentions(
        self, mentions: list[Mention], filtered: list[str], raw: str
    ) -> list[Mention]:
        """Drop weak single-word matches that are better read as cue words."""
        out: list[Mention] = []
        cue_words = _CUE_WORDS
        upper = {fold(t) for t in re.findall(r"\b[A-Z][A-Z0-9]+\b", raw)}
        for m in mentions:
            word = filtered[m.start] if m.length == 1 else ""
            if (
                m.via == "acronym"
                and word
                and word not in upper
                and (word in STOPWORDS or word in COMMON_WORDS or word in cue_words)
            ):
                # "aura" (will have) is not AURA, "pri" typed in lower case stays PRI
                continue
            if m.length == 1 and m.ref.kind == "term" and word in cue_words and m.via != "acronym":
                # "autodiagnostic", "réciprocité": keep as a term only if nothing else
                # explains the question (decided in routing through the term list)
                m.strength = WORD
            if m.fuzzy and m.strength <= WORD and len(word) < 6:
                continue
            if m.ref.kind == "organisation" and m.strength <= WORD and word in _KIND_VOCABULARY:
                # "intercommunalités" asks for a kind of member, not for APIDA
                continue
            if (
                m.length == 1
                and m.ref.kind in _PLACE_LIKE
                and m.via != "acronym"
                and (word in cue_words or word in STOPWORDS or word in NUMBER_WORDS)
            ):
                # a commune called "Deja" or "Action" must not hijack "déjà" or "action"
                continue
            out.append(m)
        return out

    # ------------------------------------------------------------------ routing

    def _route(self, q: _Query) -> _Reply:
        c = q.cues
        projects = q.ids("project")
        if (
            projects
            and all(m.strength <= WORD for m in q.mentions if m.ref.kind == "project")
            and any(m.ref.kind in ("term", "network") for m in q.mentions)
        ):
            # "atlas coop décentralisée": "coop" is short for "coopération", not COOP'R
            projects = []
        orgs = self._disambiguate_orgs(q, projects)
        ex_projects, ex_countries, _ex = self._exclusions(q)
        if ex_projects:
            # "which Terr'ESS countries are not in COOP'R": the others, less its own
            projects = [p for p in projects if p not in ex_projects] or [
                p for p in self._project_order if p not in ex_projects
            ]
            q.mentions = [
                m for m in q.mentions if not (m.ref.kind == "project" and m.ref.id in ex_projects)
            ]
            q.ex_projects = tuple(ex_projects)
            q.ex_orgs = frozenset(o.id for p in ex_projects for o in self._members_of(p))
            q.ex_countries = frozenset(c.id for p in ex_projects for c in self._member_countries(p))
        if ex_countries:
            q.ex_countries = q.ex_countries | frozenset(ex_countries)
            q.ex_orgs = q.ex_orgs | frozenset(
                o.id for o in self.kb.organisations.values() if o.country in ex_countries
            )
            q.mentions = [
                m for m in q.mentions if not (m.ref.kind == "country" and m.ref.id in ex_countries)
            ]
        excluded = self._excluded_orgs(q)
        if excluded:
            # "who is in Terr'ESS from Côte d'Ivoire besides Kabadougou": the others
            orgs = [o for o in orgs if o not in excluded]
            if not orgs:
                cids = q.ids("country") or list(
                    dict.fromkeys(self.kb.organisations[o].country for o in excluded)
                )
                return self._r_members(
                    projects or self._project_order,
                    cids,
                    q.kinds,
                    "count" in c,
                    q.lang,
                    exclude=excluded | q.ex_orgs,
                )
        countries = q.ids("country")
        terms = q.ids("term")
        networks = q.ids("network")
        meetings = q.ids("meeting")
        partnerships = q.ids("partnership")
        places = q.ids("place")
        strong_terms = [
            t for t in terms if any(m.ref.id == t and m.strength > WORD for m in q.mentions)
        ]

        role_terms = [t for t in terms if self.kb.terms[t].term_type == "role"]
        if (
            c.any("unknown_attr", "person_role")
            and c.any("when", "when_explicit", "history")
            and not c.any("who", "person")
            and (stories := self._match_history(q))
        ):
            # "when did the president of Chefchaouen visit Dijon": a step of a history
            return self._r_partnership(list(stories), q, [])
        if (
            "off_topic" in c
            or self._asks_person(q)
            or ("unknown_attr" in c and not c.any("funding", "total") and not meetings)
            # how to register, join, apply: the documents hold no procedure (except the
            # networks' own "open to" rules)
            or ("procedure" in c and not (networks and "join" in c) and "call" not in c)
            # what a network's membership or a meeting costs: no amount at all
            or ("amount" in c and (networks or meetings) and not projects and not partnerships)
            # what an action or a gathering costs: no amount below the project's
            or (
                "amount" in c
                and (
                    c.any("gatherings", "webinars", "seminar", "self_assessment", "remote")
                    or q.action_no is not None
                    or q.has("action")
                )
            )
            # the person holding a role somewhere ("le point focal du Cameroun")
            or (
                role_terms
                and (
                    ((orgs or countries) and c.any("who", "person"))
                    or ("person" in c and "meaning" not in c)
                )
            )
        ):
            name: str = ""
            if orgs:
                o = self.kb.organisations[orgs[0]]
                shown = o.name_en if q.lang == "en" and o.name_en else o.name
                name = self._w.with_article(shown, o.name, q.lang, english=True)
            elif projects:
                name = self.kb.projects[projects[0]].short_name
            about = self._w.s("about", q.lang, name=name) if name else ""
            return _Reply([self._w.t("unknown_attr", q.lang, about=about)], "unknown", found=False)

        if (
            "timezone" in c
            or (
                # "heure à Yerevan", "what time in Cameroon": the local time zone
                "time" in c
                and q.mentions
                and all(m.ref.kind in ("country", "tz_city") for m in q.mentions)
            )
            or (
                # "heure de Dakar par rapport à Paris": a gap between two places, even when one
                # of them is also where a meeting was held
                "time" in c
                and q.mentions
                and all(m.ref.kind in ("country", "tz_city", "place") for m in q.mentions)
                and (len(q.mentions) >= 2 or set(q.tokens) & _NOW_WORDS)
                and not c.any("agenda", "gatherings", "when_explicit")
            )
        ):
            return self._r_timezones(q, countries, orgs, projects)

        if not q.mentions and c.any("meaning", "describe") and self._unknown_names(q):
            # "c'est quoi le projet AGIR-Sahel", "what is the Erasmus+ programme": a name the
            # data does not hold (not a list of what it does hold)
            return _Reply([self._w.t("not_found", q.lang)], "not_found", found=False)
        if (
            q.mentions
            and all(m.ref.kind in ("country", "other_country") for m in q.mentions)
            and not c.groups
            and self._unknown_names(q, any_word=True)
        ):
            # "cuisine sénégal": a country and a topic the data knows nothing about
            return _Reply([self._w.t("not_found", q.lang)], "not_found", found=False)

        others = q.ids("other_country")
        if others and not countries and not orgs and not meetings and not partnerships:
            content = [t for t in q.tokens if t not in STOPWORDS and t not in NAME_STOPWORDS]
            if c.any("members", "countries", "projects", "who", "count") or len(content) <= 2:
                return self._r_other_countries(others, projects, q.lang)

        # --- meetings and their timed programme ---------------------------------
        if not projects:
            met = list(meetings)
            for city in places:
                met += [rid for rid, _k in self._places.get(city, []) if rid in self.kb.meetings]
            counted = self._headcount(q, list(dict.fromkeys(met)))
            if counted is not None:
                return counted
        agenda_hit = None if projects else self._match_agenda(q)
        if not projects and q.clock:
            timed = self._agenda_at(q.clock, meetings)
            if timed is not None:
                return self._r_agenda_item(timed[0], timed[1], q)
        milestones: list[tuple[str, int]] = []
        for city in places:
            for rid, k in self._places.get(city, []):
                if rid in self.kb.meetings and rid not in meetings:
                    meetings.append(rid)
                elif rid in self.kb.actions and k is not None:
                    milestones.append((rid, k))
        if agenda_hit and not self._agenda_explains(q, agenda_hit[0], agenda_hit[1]):
            agenda_hit = None
        if agenda_hit and "duration" in c and not q.clock:
            # "combien de temps dure la rencontre": the meeting's hours, not "Temps convivial"
            agenda_hit = self._match_agenda(q, skip=_DURATION_WORDS)
        if (
            agenda_hit
            and not c.any("time", "when", "when_explicit", "agenda")
            and self._agenda_by_name_only(q, agenda_hit[0], agenda_hit[1])
        ):
            # "who runs Cap Coopération": the network, not "Presentation of Cap Coopération"
            agenda_hit = None
        if agenda_hit and (
            c.any("time", "animator", "when", "when_explicit")
            or (meetings and not c.any("agenda"))
            or (agenda_hit[3] >= 0.5 and not q.has("network", "term", "organisation"))
        ):
            return self._r_agenda_item(agenda_hit[0], agenda_hit[1], q)
        if milestones and not meetings and not orgs:
            act = self.kb.actions[milestones[0][0]]
            return self._gathering_reply(act, act.milestones[milestones[0][1]], q.lang, q.today)
        if not meetings and q.years and set(q.tokens) & _MEETING_WORDS and not projects:
            meetings = [m.id for m in self.kb.meetings.values() if m.date.year in q.years][:3]
        if meetings and not projects and not set(q.tokens) & _GATHERING_WORDS:
            agenda = [m for m in meetings if self.kb.meetings[m].agenda]
            if agenda and ("last" in c or q.ordinal == 1):
                m = self.kb.meetings[agenda[0]]
                k = len(m.agenda) - 1 if "last" in c else 0
                return self._r_agenda_item(m.id, k, q)
        if meetings and not projects:
            return self._r_meeting(meetings, q)
        if (
            c.any("time", "agenda")
            and not projects
            and not partnerships
            and not orgs
            and not strong_terms
        ):
            with_agenda = [m.id for m in self.kb.meetings.values() if m.agenda]
            if networks:
                with_agenda = [
                    mid
                    for mid in with_agenda
                    if set(networks) & set(self.kb.meetings[mid].organisers)
                ] or with_agenda
            if len(with_agenda) == 1 and (c.any("time") or networks or "agenda" in c):
                return self._r_meeting(with_agenda, q, force="agenda")

        # --- Atlas partnerships ----------------------------------------------------
        partner_orgs = [o for o in orgs if o in self._org_partnerships]
        shared_ps = self._partnerships_of(partner_orgs)
        by_label = list(
            dict.fromkeys(sid for key in q.ids("funder") for sid in self._funder_labels[key])
        )
        if by_label and not partnerships and not projects and not shared_ps:
            # "how much did the foreign partners contribute": the partnerships they fund
            partnerships = by_label
        if (
            (partnerships or (partner_orgs and not projects))
            and "count" in c
            and set(q.tokens) & _HEADCOUNT_WORDS
            and not c.any("funding", "total")
        ):
            # "combien de volontaires pour l'échange de 2019": no headcount in the Atlas
            return _Reply([self._w.t("unknown_attr", q.lang, about="")], "unknown", found=False)
        if partnerships or (
            partner_orgs
            and not projects
            and (
                c.any(
                    "partnership",
                    "funding",
                    "theme",
                    "when",
                    "status",
                    "objectives",
                    "total",
                    "count",
                )
                or len(partner_orgs) >= 2
                or "agreement" in c
            )
            and shared_ps
        ):
            ids = partnerships or shared_ps
            return self._r_partnership(ids, q, partner_orgs)

        if (
            not projects
            and not orgs
            and set(q.tokens) & _PARTNERSHIP_WORDS
            and self.kb.partnerships
            and all(t in self._funded_by for t in terms)
            and not c.any("projects", "members")
        ):
            # "what share of the partnership came from the MEAE": a funder of partnerships
            if len(self.kb.partnerships) == 1:
                return self._r_partnership(list(self.kb.partnerships), q, [])
            return self._r_partnership_list(q.lang)

        # --- networks ----------------------------------------------------------------
        if networks and not projects:
            if c.any("gatherings") and not c.any("objectives", "meaning", "describe"):
                related = [
                    m.id for m in self.kb.meetings.values() if set(networks) & set(m.organisers)
                ]
                if related:
                    return self._r_meeting(related, q)
            return self._r_networks(networks, q.lang, q)

        # --- projects ----------------------------------------------------------------
        project_cues = c.any(
            "members",
            "countries",
            "actions",
            "webinars",
            "gatherings",
            "seminar",
            "self_assessment",
            "remote",
            "communication",
            "transversal",
            "funding",
            "call",
            "animator",
        )
        named_actions = q.ids("action")
        if named_actions and not projects:
            owners = list(dict.fromkeys(self.kb.actions[a].project for a in named_actions))
            return self._r_project_intent(owners, orgs, countries, q)
        if projects:
            if networks and c.any("members_strong") and not countries and not orgs:
                # "is AIRF a member of COOP'R": a network runs projects, it is no member
                return self._r_network_membership(networks, projects, q.lang)
            if networks and (
                c.any("animator", "who")
                or (
                    # "le rôle de l'AIRF dans Terr'ESS": the network that runs it
                    set(q.tokens) & _ROLE_WORDS
                    and any(set(projects) & set(self.kb.networks[n].projects) for n in networks)
                )
            ):
                return self._r_animator(projects, q.lang)
            if strong_terms and c.any("meaning") and not c.any(*_PROJECT_FACTS):
                # "what is the DCTCIV's role in Terr'ESS": the term, which names the project
                return self._r_terms(strong_terms, [], q.lang, q)
            return self._r_project_intent(projects, orgs, countries, q)

        # --- organisations, countries, terms without a project --------------------------
        if orgs:
            if "shared" in c and len(orgs) != 1:
                return self._r_shared(q.lang)
            return self._r_org_cards(orgs, q.lang)
        if (
            terms
            and set(q.tokens) & _PARTNERSHIP_WORDS
            and any(s.record_of in terms for s in self.kb.partnerships.values())
        ):
            return self._r_partnership_list(q.lang)
        unrelated = [t for t in strong_terms if not self._term_projects.get(t)]
        if unrelated and not countries:
            # "how does AFD's FICOL relate to the DAECT's calls": FICOL is what is asked
            # about; the project words belong to the terms it is compared with
            return self._r_terms(unrelated, [], q.lang, q)
        if strong_terms and (
            not project_cues
            or c.any("meaning", "describe")
            or not any(self._term_projects.get(t) for t in strong_terms)
        ):
            # "ficol pays concernés": a term no project relates to answers its own cues
            return self._r_terms(strong_terms, [], q.lang, q)
        if (
            "shared" in c
            and (countries or q.kinds)
            and c.any("members", "who", "count", "kinds", "list")
            and not c.any(*_TOPIC_CUES, "total")
        ):
            # "which Moroccan councils are in both projects"
            return self._r_shared(q.lang, countries, q.kinds)
        if countries:
            if c.any("gatherings") and not c.any("members_strong"):
                held = self._gatherings_in(countries)
                if held:
                    return self._gatherings_reply(held, q)
            if c.any("projects") and not c.any("members", "who", "count") and not q.kinds:
                return self._r_country_projects(countries, q.lang)
            return self._r_members(
                self._project_order,
                countries,
                q.kinds,
                "count" in c,
                q.lang,
                exclude=q.ex_orgs,
                loose_kind=q.loose_kind,
            )
        if (
            "shared" in c
            and c.any("members", "who", "projects", "count", "kinds")
            and not c.any(*_TOPIC_CUES, "total")
        ):
            return self._r_shared(q.lang)
        content = [t for t in q.tokens if t not in STOPWORDS and t not in NAME_STOPWORDS]
        if (
            project_cues
            or q.action_no is not None
            or (q.kinds and (c.any("who", "count", "list") or len(content) <= 4))
        ):
            return self._r_project_intent(self._project_order, [], [], q)
        if terms:
            return self._r_terms(terms, [], q.lang, q)
        if "all_projects" in c or (
            c.any("projects")
            and c.any("when", "when_explicit", "duration", "theme")
            and not _status_filter(q)
        ):
            # "la durée de chaque projet", "quel projet finit en premier", "dates des deux
            # projets": each project's own facts
            return self._r_project_intent(self._project_order, [], [], q)
        found_actions = self._match_actions(q, self._project_order)
        if found_actions:
            details = self._details(found_actions, q.lang, q.today)
            return _Reply(details, "action_search", refs=found_actions)
        stories = self._match_history(q)
        if stories and len(stories) <= 6:
            # "when did the volunteer exchange happen": a step of a partnership's history
            return self._r_partnership(list(stories), q, [])
        if c.any("projects"):
            status = _status_filter(q)
            return self._r_projects(self._project_order, q.lang, q.today, status, "count" in c)
        if c.any("partnership") and self.kb.partnerships:
            return self._r_partnership_list(q.lang)
        if c.any("network") and self.kb.networks and not c.any("unknown_attr"):
            return self._r_networks(list(self.kb.networks), q.lang, q)
        if c.any("greeting", "help") and len(q.tokens) <= 6:
            key = "thanks" if "thanks" in c and "help" not in c else "greeting"
            return _Reply([self._w.t(key, q.lang)], "greeting", found=False)
        return _Reply([self._w.t("not_found", q.lang)], "not_found", found=False)

    def _asks_person(self, q: _Query) -> bool:
        """A role no person of data/people.toml holds ("le chef de projet", "the manager")."""
        c = q.cues
        toks = set(q.tokens)
        if " chef de file " in f" {' '.join(q.tokens)} ":
            return False
        if "person_role" in c and c.any("who", "person"):
            return True
        return "person" in c and bool(toks & _LEAD_PERSON_WORDS)

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

    def _match_actions(self, q: _Query, projects: list[str]) -> list[str]:
        """Actions whose own words the question uses ("jeunes entrepreneurs", "tourisme")."""
        skip = set(_ACTION_SEARCH_NOISE)
        for m in q.mentions:
            if m.ref.kind == "project":
                skip.update(tokenize(self.kb.projects[m.ref.id].short_name))
        asked = {
            t for t in q.tokens if t not in skip and t not in STOPWORDS and t not in NAME_STOPWORDS
        }
        if not asked:
            return []
        scored = []
        for aid, weights in self._action_words.items():
            if self.kb.actions[aid].project not in projects:
                continue
            hits = [w for t, w in weights.items() if t in asked]
            if len(hits) >= 2 and sum(hits) >= 3.0:
                scored.append((sum(hits), aid))
        if not scored:
            return []
        scored.sort(reverse=True)
        best = scored[0][0]
        return [aid for score, aid in scored if score >= best * 0.85][:3]

    def _excluded_orgs(self, q: _Query) -> frozenset[str]:
        """Organisations named right after "besides", "except", "sauf", "à part", "not"..."""
        return frozenset(r.id for r in q.excluded if r.kind == "organisation")

    def _exclusions(self, q: _Query) -> tuple[list[str], list[str], list[str]]:
        """What the question leaves out: (projects, countries, organisations) named after
        "sauf", "à part", "other than", "ne ... pas dans", "not in"... Projects are left
        out only in list questions ("which countries are not in COOP'R"), not in yes/no ones
        ("Louga n'est-il pas dans Terr'ESS ?")."""
        ex_orgs = [r.id for r in q.excluded if r.kind == "organisation"]
        ex_countries = [r.id for r in q.excluded if r.kind == "country"]
        ex_projects = [r.id for r in q.excluded if r.kind == "project"]
        c = q.cues
        listing = c.any("members", "countries", "who", "list", "count", "kinds")
        if ex_projects and (ex_orgs or not listing or q.ids("organisation")):
            ex_projects = []
        return ex_projects, ex_countries, ex_orgs

    def _negated_refs(
        self, mentions: list[Mention], filtered: list[str], triggers: frozenset[int]
    ) -> frozenset[Ref]:
        """Records named right after an exclusion or a negation, fillers skipped: "sauf
        ceux du Cameroun", "à part la France", "other than France", "qui ne sont pas dans
        COOP'R", "not in Terr'ESS"."""
        out: set[Ref] = set()
        prev: Mention | None = None
        for m in mentions:
            if m.ref.kind not in ("organisation", "country", "project") or m.start == 0:
                prev = None
                continue
            if _negated_at(filtered, m.start, triggers) or (
                # "excluding Cameroon and Côte d'Ivoire", "sauf le Bénin ou le Sénégal"
                prev is not None
                and prev.ref in out
                and prev.ref.kind == m.ref.kind
                and all(t in _LIST_JOINERS for t in filtered[prev.end : m.start])
            ):
                out.add(m.ref)
            prev = m
        return frozenset(out)

    def _unknown_names(self, q: _Query, any_word: bool = False) -> list[str]:
        """Words that look like the name of something (capitalised inside the sentence, or
        right next to "projet"/"programme"...) and that no record, cue or known word
        explains; with ``any_word``, every such unexplained word."""
        vocab = self._index.vocabulary
        raw_words = re.findall(r"[^\W_]+", q.raw)
        capitalised = {fold(wd) for wd in raw_words[1:] if wd[:1].isupper()}
        out: list[str] = []
        for k, tok in enumerate(q.tokens):
            typed = q.typed[k] if k < len(q.typed) else tok
            prev = q.tokens[k - 1] if k > 0 else ""
            nxt = q.tokens[k + 1] if k + 1 < len(q.tokens) else ""
            if typed != tok and (
                typed in capitalised or prev in _NAMED_THING_WORDS or nxt in _NAMED_THING_WORDS
            ):
                out.append(typed)  # "Interreg" is a name, not a misspelt "interne"
                continue
            if (
                len(tok) < 4
                or not tok.isalpha()
                or tok in vocab
                or tok in STOPWORDS
                or tok in NAME_STOPWORDS
                or tok in _CUE_WORDS
            ):
                continue
            if (
                any_word
                or tok in capitalised
                or prev in _NAMED_THING_WORDS
                or nxt in _NAMED_THING_WORDS
            ):
                out.append(tok)
        return out

    def _disambiguate_orgs(self, q: _Query, projects: list[str]) -> list[str]:
        """Organisations named; among same-span homonyms ("Sud"), keep the project's members."""
        spans: dict[tuple[int, int], list[str]] = {}
        for m in q.mentions:
            if m.ref.kind == "organisation":
                spans.setdefault((m.start, m.end), []).append(m.ref.id)
        out: list[str] = []
        for ids in spans.values():
            if len(ids) > 1 and projects:
                members = [
                    oid for oid in ids if set(self.kb.organisations[oid].projects) & set(projects)
                ]
                ids = members or ids
            out.extend(oid for oid in ids if oid not in out)
        return out

    def _r_project_intent(
        self, projects: list[str], orgs: list[str], countries: list[str], q: _Query
    ) -> _Reply:
        c = q.cues
        lang = q.lang
        explicit = bool(q.ids("project")) or "all_projects" in c
        if (q.action_no is not None and not c.any("gatherings")) or (
            q.action_no is not None and q.ordinal is None
        ):
            return self._r_action_number(projects, q.action_no or 0, lang, q)
        if orgs and explicit and not c.any("funding", "actions", "countries"):
            return self._r_membership(orgs, projects, lang)
        named = [a for a in q.ids("action") if self.kb.actions[a].project in projects]
        if named and not c.any("members", "countries", "funding", "call"):
            gathering_types = ("gatherings", "political_technical_gathering")
            if not (
                any(self.kb.actions[a].action_type in gathering_types for a in named)
                and (q.ordinal is not None or c.any("next", "last"))
            ):
                return _Reply(self._details(named[:3], lang, q.today), "action", refs=named)
        if "duration" in c and not c.any("gatherings", "webinars", "seminar", "members"):
            # "how many months does each project's action period last"
            return self._r_dates(projects, lang, q.today, duration=True)
        if c.any("gatherings") or (
            q.ordinal is not None and c.any("when", "where") and "webinars" not in c
        ):
            return self._r_gatherings(projects, q)
        if c.any("webinars"):
            if q.ordinal is not None and q.action_no is None:
                # "la date du 3e webinaire": the documents give a count, not each webinar
                name = self._w.join([self._p(p).short_name for p in projects], lang)
                about = self._w.s("about", lang, name=name) if explicit else ""
                return _Reply([self._w.t("unknown_attr", lang, about=about)], "unknown", False)
            return self._r_webinars(projects, lang, total=c.any("count", "total"))
        for cue, kinds in (
            ("seminar", ("seminar",)),
            ("self_assessment", ("self_assessment",)),
            ("remote", ("remote_activities",)),
            ("communication", ("communication",)),
        ):
            if cue in c and not c.any("members", "countries"):
                return self._r_actions_of_type(projects, kinds, lang, q)
        if c.any("actions") and "count" in c and not c.any("members", "countries", "funding"):
            return self._r_actions(projects, True, lang)
        if "transversal" in c and not c.any("members", "countries"):
            cross = [
                a.id for pid in projects for a in self.kb.project_actions(pid) if a.transversal
            ]
            if cross:
                return _Reply(self._details(cross, lang, q.today), "action", refs=cross)
        found_actions = self._match_actions(q, projects)
        if found_actions and not c.any("members_strong", "countries", "funding", "call"):
            details = self._details(found_actions, lang, q.today)
            return _Reply(details, "action_search", refs=found_actions)
        if c.any("actions") and not c.any("members", "countries", "funding"):
            return self._r_actions(projects, "count" in c, lang)
        if (
            "shared" in c
            and c.any("members", "who", "count", "kinds", "projects")
            and (len(projects) != 1 or not explicit)
            and not c.any(*_TOPIC_CUES, "total")
        ):
            return self._r_shared(lang, countries, q.kinds)
        if "technical_partners" in c:
            return self._r_technical_partners(projects, lang)
        if "behind" in c and explicit and not c.any("members_strong", "countries"):
            # "who is behind Terr'ESS": who runs it and who pays for it
            return self._r_animator(projects, lang, funding=True)
        if (
            "shared" in c
            and c.any("countries")
            and not countries
            and len(projects) > 1
            and not c.any("members_strong", "per_country", "total")
        ):
            return self._r_shared_countries(projects, lang)
        if (
            "only" in c
            and c.any("countries")
            and not countries
            and explicit
            and len(projects) == 1
            and len(self._project_order) > 1
        ):
            return self._r_own_countries(projects[0], lang)
        if (
            c.any("countries")
            and not countries
            and not (c.any("members") and q.kinds)
            and not c.any("members_strong", "per_country")
        ):
            left: str | None = None
            if q.ex_projects:
                names = self._w.join([b(self._p(x).short_name) for x in q.ex_projects], lang)
                left = self._w.t("countries_of", lang, name=Safe(names))
            return self._r_countries(
                projects,
                lang,
                "count" in c,
                total="total" in c,
                exclude=q.ex_countries,
                left=left,
            )
        if (
            (
                (
                    c.any("members", "kinds")
                    or countries
                    or (c.any("who") and not c.any("funding", "call", "animator", "meaning"))
                    or (c.any("count") and not c.any("funding", "when"))
                )
                and not c.any("funding", "call")
            )
            or (countries and not c.any("funding", "call"))
            or (
                # "what percentage of the members are in Cameroon"
                "share" in c and c.any("members_strong") and (countries or q.kinds)
            )
        ):
            only_count = "count" in c
            return self._r_members(
                projects,
                countries,
                q.kinds,
                only_count,
                lang,
                exclude=q.ex_orgs,
                loose_kind=q.loose_kind,
                share="share" in c,
                compare="change" in c,
            )
        if c.any("funding"):
            return self._r_funding(projects, lang, q)
        if c.any("call"):
            return self._r_call(projects, lang)
        if c.any("animator"):
            return self._r_animator(projects, lang)
        if (c.any("status") or _status_filter(q)) and not c.any("when_explicit"):
            return self._r_status(projects, lang, q.today)
        if c.any("when", "when_explicit"):
            return self._r_dates(projects, lang, q.today, duration="duration" in c)
        if "theme" in c and not c.any("objectives", "outcomes"):
            # "the theme of both projects": each project's theme, not its whole description
            lines = [
                "• "
                + self._w.t(
                    "fmt.field",
                    lang,
                    label=b(self._p(p).short_name),
                    value=self._p(p).theme.get(lang),
                )
                for p in projects
            ]
            return _Reply(lines, "project_theme", refs=projects)
        if c.any("objectives", "theme", "outcomes"):
            return self._r_overview(projects, lang, q.today, objectives=True)
        if not explicit:
            status = _status_filter(q)
            return self._r_projects(projects, lang, q.today, status)
        if len(projects) == 1:
            return self._r_project_card(self.kb.projects[projects[0]], lang, q.today)
        return self._r_overview(projects, lang, q.today)

    # ------------------------------------------------------------------ agenda matching

    def _agenda_at(self, clock: time, meetings: list[str]) -> tuple[str, int] | None:
        """The agenda item running at ``clock`` (in the named meeting, else the only one)."""
        pool = [m for m in self.kb.meetings.values() if m.agenda]
        if meetings:
            pool = [m for m in pool if m.id in meetings] or pool
        hits = [
            (m.id, k)
            for m in pool
            for k, item in enumerate(m.agenda)
            if item.start <= clock < item.end
        ]
        if len({mid for mid, _ in hits}) != 1:
            return None
        return hits[0]

    def _agenda_explains(self, q: _Query, mid: str, k: int) -> bool:
        """Whether every record the question names belongs to that agenda item (so
        "ex-région Limousin ... coopération" is not the Marrakech-Safi presentation)."""
        named = self._agenda_refs.get((mid, k), set())
        return all(
            m.ref.id in named
            for m in q.mentions
            if m.ref.kind not in ("place", "action") and m.strength > WORD
        )

    def _agenda_by_name_only(self, q: _Query, mid: str, k: int) -> bool:
        """Whether the question shares with that agenda item only the words of a network or
        an organisation it names."""
        if q.has("meeting", "place") or set(q.tokens) & _PRESENT_WORDS:
            return False  # "qui présente Cap Coopération à Limoges" is the agenda item
        weights = next((wt for m, n, wt, _ in self._agenda if m == mid and n == k), {})
        shared = {t for t in q.tokens if t in weights}
        filtered = [t for t in q.tokens if t not in NAME_STOPWORDS]
        named: set[str] = set()
        for m in q.mentions:
            if m.ref.kind in ("network", "organisation"):
                named.update(filtered[m.start : m.end])
        return bool(shared) and shared <= named

    def _match_agenda(
        self, q: _Query, skip: frozenset[str] = frozenset()
    ) -> tuple[str, int, float, float] | None:
        """The agenda item the question names: (meeting id, index, score, coverage).

        Coverage is the share of the item's own words (in its best language) found in the
        question: "temps convivial" covers half of "Temps convivial et échange libre".
        """
        if not self._agenda:
            return None
        words = {
            t
            for t in q.tokens
            if t not in STOPWORDS
            and t not in NAME_STOPWORDS
            and t not in _AGENDA_NOISE
            and t not in skip
        }
        scored: list[tuple[float, float, str, int]] = []
        for mid, k, weights, langs in self._agenda:
            score = sum(w for t, w in weights.items() if t in words)
            if score > 0:
                total = sum(weights.values()) or 1.0
                coverage = max(
                    sum(weights.get(t, 0.0) for t in toks if t in words)
                    / (sum(weights.get(t, 0.0) for t in toks) or 1.0)
                    for toks in langs
                )
                scored.append((score + score / total, coverage, mid, k))
        if not scored:
            return None
        scored.sort(reverse=True)
        best = scored[0]
        if best[0] < 1.2:
            return None
        if len(scored) > 1 and scored[1][0] >= best[0] - 1e-9:
            return None
        return best[2], best[3], best[0], best[1]

    # ------------------------------------------------------------------ renderers: projects

    def _p(self, pid: str) -> Project:
        return self.kb.projects[pid]

    def _arrow_span(self, p: Project, lang: str) -> str:
        return f"{p.actions_start.format(lang)} → {p.actions_end.format(lang)}"

    def _span(self, p: Project, lang: str) -> Safe:
        return self._w.s(
            "actions_span", lang, start=p.actions_start.format(lang), end=p.actions_end.format(lang)
        )

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
                else w.t("projects_header", lang, n=len(chosen))
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
            lines.append(f"• {w.t('project_actions_line', lang, n=len(acts))}")
        return _Reply(lines, "project_card", refs=[p.id])

    def _members_count(self, pid: str, lang: str, members: list[Organisation] | None = None) -> str:
        """ "17 membres, 6 pays" (HTML)."""
        members = self._members_of(pid) if members is None else members
        ncountries = len({o.country for o in members})
        return self._w.t(
            "members_count_countries",
            lang,
            members=self._w.s(
                "members_np" if len(members) != 1 else "members_n", lang, n=len(members)
            ),
            countries=self._w.s(
                "countries_np" if ncountries != 1 else "countries_n", lang, n=ncountries
            ),
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

    def _r_dates(self, pids: list[str], lang: str, today: date, duration: bool = False) -> _Reply:
        w = self._w
        lines = []
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
                line += " " + w.t("duration_months", lang, n=months)
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
        """A glossary term as HTML: "DAECT (Délégation…)" or just "DAECT"."""
        t = self.kb.terms.get(tid)
        if t is None:
            rec = self.kb.get(tid)
            return esc(getattr(rec, "name", tid))
        name = t.term_en if (lang == "en" and t.term_en) else t.term
        if t.acronym and t.acronym != name:
            return f"{esc(t.acronym)} ({esc(name)})" if long else esc(t.acronym)
        return esc(name)

    def _body(self, rid: str, lang: str) -> Safe:
        """A body or network with its article: "la DAECT", "le MEAE", "l'AIRF" / "the DAECT"."""
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
            body = Safe(f"{body} ({self._term_label(parent.parent, lang, long=False)})")
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
            bodies = [f.body for f in p.funders]
            if len(set(bodies)) > 1:
                labels = [self._term_label(x, lang, long=False) for x in dict.fromkeys(bodies)]
                lines.append(w.t("funders_cited", lang, list=Safe(w.join(labels, lang))))
            if p.call_for_projects:
                lines.append(self._call_sentence(p, lang))
        if any(word in q.tokens for word in ("budget", "montant", "amount")) or (
            "count" in q.cues and "money" in q.tokens
        ):
            lines.append(w.t("no_budget", lang))
        return _Reply(lines, "project_funding", refs=pids)

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

    def _r_technical_partners(self, pids: list[str], lang: str) -> _Reply:
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
        return _Reply(lines, "technical_partners", refs=pids)

    def _r_animator(self, pids: list[str], lang: str, funding: bool = False) -> _Reply:
        lines = []
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
        return _Reply(lines, "project_animator", refs=pids)

    def _country_name(self, cid: str, lang: str) -> str:
        c = self.kb.countries.get(cid)
        return c.name.get(lang) if c else cid.upper()

    def _in_country(self, cid: str, lang: str) -> Safe:
        return self._w.in_country(self.kb.countries.get(cid), cid.upper(), lang)

    def _r_countries(
        self,
        pids: list[str],
        lang: str,
        count: bool,
        total: bool = False,
        exclude: frozenset[str] = frozenset(),
        left: str | None = None,
    ) -> _Reply:
        w = self._w
        lines: list[str] = []
        if total and len(pids) > 1:
            # "combien de pays en tout sur les deux projets": the union first
            union: dict[str, Country] = {}
            for pid in pids:
                union.update((c.id, c) for c in self._member_countries(pid) if c.id not in exclude)
            every = w.join([esc(c.name.get(lang)) for c in union.values()], lang)
            lines.append(_bold(w.t("countries_total", lang, n=len(union), list=Safe(every))))
        for pid in pids:
            p = self._p(pid)
            cs = [c for c in self._member_countries(pid) if c.id not in exclude]
            if exclude:
                # "which Terr'ESS countries are not in COOP'R", "other than France"
                kept = w.join([esc(c.name.get(lang)) for c in cs], lang)
                if left is None:
                    left = w.join([esc(self._country_name(x, lang)) for x in sorted(exclude)], lang)
                lines.append(
                    w.t(
                        "countries_except",
                        lang,
                        name=b(p.short_name),
                        n=b(len(cs)),
                        list=Safe(kept),
                        left=Safe(left),
                    )
                )
                continue
            names = [esc(c.name.get(lang)) for c in cs]
            lines.append(
                w.t(
                    "countries_line",
                    lang,
                    name=b(p.short_name),
                    n=b(len(cs)),
                    members=len(self._members_of(pid)),
                    list=Safe(w.join(names, lang)),
                )
            )
            if p.announced_countries and p.announced_countries != len(cs):
                lines.append(w.t("countries_announced", lang, n=p.announced_countries))
        return _Reply(lines, "project_countries", refs=pids)

    def _org_label(self, o: Organisation, lang: str) -> str:
        name = o.name_en if (lang == "en" and o.name_en) else o.name
        name = re.sub(r"\s*\((?:Cameroon|Cameroun)\)$", "", name)
        acr = next((a for a in o.acronyms if a.replace("-", "").isupper() or "-" in a), None)
        if not acr:
            return esc(name)
        if name.endswith(")"):
            return esc(f"{name[:-1]}, {acr})")
        return f"{esc(name)} ({esc(acr)})"

    def _kind_name(self, kind: str, lang: str) -> str:
        key = f"answers.kind.{kind}"
        if key in self._w.catalogue.ids(lang) or key in self._w.catalogue.ids():
            return self._w.catalogue.raw(lang, key)
        return ORG_KIND_LABELS[kind].get(lang) if kind in ORG_KIND_LABELS else kind

    def _kind_label(self, kinds: frozenset[str], lang: str) -> str:
        if kinds == _ALL_COUNCILS:
            return self._w.catalogue.raw(lang, "answers.kind_any_council")
        if 2 * len(kinds) > len(ORG_KIND_LABELS):
            # every kind but a few: "other than regional councils"
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
    ) -> _Reply:
        w = self._w
        lines: list[str] = []
        refs: list[str] = []
        multi = len(pids) > 1
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
                                lines.append(
                                    w.t("members_none_country", lang, name=name, where=where)
                                )
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
                        continue
                    cnt = w.t(
                        "members_np" if len(subset) != 1 else "members_n", lang, n=len(subset)
                    )
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
                        # "what percentage of Terr'ESS members are in Cameroon"
                        whole = len(self._members_of(pid))
                        pct = w.pct(round(100 * len(subset) / whole, 2), lang)
                        lines.append(_bold(w.t("members_share", lang, pct=pct, n=whole, name=name)))
                    rest = [
                        o
                        for o in self._members_of(pid)
                        if o.country == cid and o not in subset and o.id not in exclude
                    ]
                    if kinds and loose_kind and rest:
                        # "quelles régions en Côte d'Ivoire": the district too, told apart
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
                        lines.append(w.t("country_not_announced", lang, n=n))
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
                members=_bold(
                    w.t("members_np" if len(members) != 1 else "members_n", lang, n=len(members))
                ),
                countries=w.s(
                    "countries_np" if ncountries != 1 else "countries_n", lang, n=ncountries
                ),
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
        if compare and count_only and multi and not countries and not kinds and lines:
            # "how many more members does Terr'ESS have than COOP'R"
            sizes = sorted(((len(self._members_of(pid)), pid) for pid in pids), reverse=True)
            (big, big_id), (small, small_id) = sizes[0], sizes[-1]
            lines.insert(
                0,
                _bold(
                    w.t(
                        "members_more",
                        lang,
                        big=b(self._p(big_id).short_name),
                        small=b(self._p(small_id).short_name),
                        n=big - small,
                        a=big,
                        b=small,
                    )
                ),
            )
        elif count_only and multi and not countries and not kinds and lines:
            distinct = {o.id for pid in pids for o in self._members_of(pid)}
            listed = sum(len(self._members_of(pid)) for pid in pids)
            total = w.t("members_total", lang, n=len(distinct), shared=listed - len(distinct))
            lines.insert(0, _bold(total))
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
        return self._w.t("gap_h1" if h == 1 else "gap_h", lang, n=h)

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
                lines.append(w.t(key, lang, org=org, name=b(p.short_name)))
                if pid not in o.projects and o.notes and not o.projects:
                    # how it relates to the project all the same ("valorisée dans COOP'R")
                    lines.append(i(o.notes.get(lang)))
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
        self, lang: str, countries: Sequence[str] = (), kinds: frozenset[str] = frozenset()
    ) -> _Reply:
        w = self._w
        counts = Counter(o.id for pid in self._members for o in self._members[pid])
        shared = [
            o
            for o in (self.kb.organisations[oid] for oid, n in counts.items() if n >= 2)
            if (not countries or o.country in countries) and (not kinds or o.org_kind in kinds)
        ]
        where = Safe(w.join([self._in_country(c, lang) for c in countries], lang))
        if not shared:
            if countries:
                return _Reply([w.t("shared_none_country", lang, where=where)], "shared_members")
            return _Reply([w.t("shared_none", lang)], "shared_members")
        if countries:
            key = "shared_header_country_1" if len(shared) == 1 else "shared_header_country"
            head = w.t(key, lang, n=len(shared), where=where)
        else:
            head = w.t("shared_header", lang, n=len(shared))
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
                more = f" {w.t('more', lang, n=len(ps) - 8)}" if len(ps) > 8 else ""
                lines.append(w.t("partnerships_of", lang, list=Safe("; ".join(labels))) + more)
            if not projs and not ps:
                lines.append(w.t("member_of_none", lang))
            if o.notes:
                lines.append(i(o.notes.get(lang)))
        return _Reply(lines, "org_card", refs=oids)

    # ------------------------------------------------------------------ renderers: actions

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
                        "n": b(len(numbered)),
                        "first": numbered[0].number,
                        "last": numbered[-1].number,
                    }
                    if trans:
                        key = "transversal_np" if trans > 1 else "transversal_n"
                        lines.append(
                            w.t(
                                "actions_count", lang, transversal=w.s(key, lang, n=trans), **params
                            )
                        )
                    else:
                        lines.append(w.t("actions_count_plain", lang, **params))
                if p.announced_actions and p.announced_actions != len(numbered):
                    lines.append(w.t("actions_announced", lang, n=p.announced_actions))
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

    def _r_webinars(self, pids: list[str], lang: str, total: bool = False) -> _Reply:
        w = self._w
        lines: list[str] = []
        refs: list[str] = []
        counts: list[int] = []
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
                    params["n"] = b(a.count)
                    counts.append(a.count)
                lines.append(w.t(key, lang, action=a.number, **params))
                if a.topics:
                    lines.append("  " + w.field(lang, "topics", w.texts(a.topics, lang)))
                refs.append(a.id)
        if not lines:
            return _Reply([w.t("not_found", lang)], "webinars", found=False)
        if total and len(counts) > 1:
            lines.append(_bold(w.t("webinars_total", lang, n=sum(counts))))
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
            # "the gathering with the young entrepreneurs", "regroupement politique"
            chosen = set(self._match_actions(q, pids))
            acts = [a for a in acts if a.id in chosen] or acts
        wanted: int | None = q.ordinal
        if wanted is None and q.action_no is None:
            for tok_a, tok_b in zip(q.tokens, q.tokens[1:], strict=False):
                if tok_a in _GATHERING_WORDS and tok_b.isdigit() and len(tok_b) == 1:
                    wanted = int(tok_b)
        with_ms = [(a, ms) for a in acts for ms in a.milestones if ms.number is not None]
        if not with_ms and (wanted is not None or q.cues.any("next", "last")):
            # "the second gathering": only numbered gatherings have a second one
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

    # ------------------------------------------------------------------ renderers: glossary

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
        objectives_only = q is not None and "objectives" in q.cues
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

    # ------------------------------------------------------------------ renderers: meetings

    def _meeting_when(self, m: Meeting, lang: str) -> str:
        """Date(s) and place of a meeting, plain text."""
        d = m.date.format(lang)
        if m.end_date:
            d = f"{d} – {m.end_date.format(lang)}"
        place = f" — {self._place(m.place, lang)}" if m.place else ""
        return f"{d}{place}"

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
            if (
                m.agenda
                and (c.any("time", "when_explicit", "duration") or force == "agenda")
                and not c.any("agenda")
            ):
                span = self._hours(m.agenda[0].start, m.agenda[-1].end, lang)
                lines.append(w.t("meeting_hours", lang, span=span))
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
                # "les intervenants de la rencontre": who speaks in each item
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
                names = [
                    getattr(self.kb.get(o), "name", None) or self._record_name(o, lang)
                    for o in m.organisers
                ]
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
                value = w.s("meeting_agenda_span", lang, span=span, n=len(m.agenda))
                lines.append(w.bullet(lang, "programme", value))
        return _Reply(lines, "meeting", refs=mids)

    def _record_name(self, rid: str, lang: str) -> str:
        rec = self.kb.get(rid)
        if isinstance(rec, Term):
            return rec.acronym or (rec.term_en if lang == "en" and rec.term_en else rec.term)
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
        if who := self._people.facilitators(item, lang):
            lines.append(w.bullet(lang, "facilitator", who))
        if m.place:
            lines.append(w.bullet(lang, "place", self._place(m.place, lang)))
        return _Reply(lines, "agenda_item", refs=[mid])

    # ------------------------------------------------------------------ renderers: partnerships

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
        """ "Dijon – Chefchaouen" (plain text)."""
        a = " / ".join(self._org_short(x) for x in s.french_partners)
        c = " / ".join(self._org_short(x) for x in s.foreign_partners)
        return f"{a} – {c}"

    def _r_partnership_list(self, lang: str) -> _Reply:
        w = self._w
        ps = list(self.kb.partnerships.values())
        lines: list[str] = [_bold(w.t("partnerships_header", lang, n=len(ps)))]
        for s in ps[:15]:
            lines.append(f"• {b(self._partnership_name(s, lang))} — {esc(s.title.get(lang))}")
        if len(ps) > 15:
            lines.append(w.t("more", lang, n=len(ps) - 15))
        return _Reply(lines, "partnerships", refs=[s.id for s in ps[:15]])

    def _r_partnership(self, sids: list[str], q: _Query, partner_orgs: list[str]) -> _Reply:
        w = self._w
        lang = q.lang
        c = q.cues
        lines: list[str] = []
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
                # "under which scheme did they exchange volunteers in 2019": those steps
                lines.append(w.heading(lang, "history"))
                lines.extend(f"• {esc(s.history[k].get(lang))}" for k in hits)
                shown = True
            if "post" in q.all_cues and s.diplomatic_post:
                lines.append(w.bullet(lang, "post", s.diplomatic_post.get(lang)))
                if roles := self._people.contacts(s, lang) or w.texts(s.post_contact_roles, lang):
                    lines.append(w.bullet(lang, "contact_roles", roles))
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
        return _Reply(lines, "partnership", refs=sids)

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

    def _match_history(self, q: _Query, only: str | None = None) -> dict[str, list[int]]:
        """History steps sharing at least two distinctive words with the question (plurals
        folded: "volunteer exchange" finds "exchange of young volunteers")."""
        asked = {
            _stem(t)
            for t in q.tokens
            if t.isalpha()
            and t not in STOPWORDS
            and t not in NAME_STOPWORDS
            and t not in NUMBER_WORDS
            and t not in _PROJECT_WORDS
        }
        hits: Counter[tuple[str, int]] = Counter()
        for t in asked:
            postings = self._history_words.get(t, [])
            if len(postings) > 200:
                continue  # a word of every history says nothing
            for sid, k in postings:
                if only is None or sid == only:
                    hits[(sid, k)] += 1
        out: dict[str, list[int]] = {}
        for (sid, k), n in sorted(hits.items(), key=lambda kv: kv[0][1]):
            if n >= 2:
                out.setdefault(sid, []).append(k)
        return out

    def _history_hits(self, s: Partnership, q: _Query) -> list[int]:
        """Steps of a partnership's history the question speaks about: a year it names that
        is not a funding year, or at least two of the step's own words."""
        if not s.history:
            return []
        years = {str(y) for y in q.years if y not in s.years()}
        hits = set(self._match_history(q, s.id).get(s.id, []))
        for k, step in enumerate(s.history):
            if years & set(tokenize(f"{step.fr} {step.en}")):
                hits.add(k)
        return sorted(hits)

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
        # "Dijon" names a partner; it is a funder filter only when the question asks for
        # one funder's share ("combien a versé Dijon"); a named body ("le MEAE") always is.
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
            lines_sel = by_body + by_label
        elif sources:
            # "what share came from Dijon", "versé par Dijon": that funder, even when the
            # partnership is also named by its partners ("Dijon-Chefchaouen")
            lines_sel = [f for f in lines_sel if f.funder_ref in sources]
        elif foreign:
            # "how much did Chefchaouen give": the Atlas counts it among the foreign partners
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


# --------------------------------------------------------------------------- small parsers


_CUE_WORDS = cue_vocabulary()
# Words of action questions that say nothing about which action is meant.
_ACTION_SEARCH_NOISE = words(
    "action actions projet projets project projects quelle quelles quel quels which what "
    "concerne concernent concern concerns porte portent sur about parle activite activites "
    "activity activities prevoit prevues plan planned collectivite collectivites chaque each "
    "local government governments participante participantes participating"
)
_PLACE_LIKE = frozenset({"organisation", "place", "action", "meeting", "partnership"})
# Facts of a project itself: with one of them, "what is ... coopr" is about the project.
_PROJECT_FACTS = (
    "funding",
    "call",
    "members",
    "countries",
    "webinars",
    "gatherings",
    "actions",
    "when",
    "status",
    "count",
    "technical_partners",
)
# Usual short forms of countries the CLDR does not list.
_OTHER_COUNTRY_ALIASES: dict[str, tuple[str, ...]] = {
    "cd": ("RDC", "DRC", "RD Congo", "Congo Kinshasa", "République démocratique du Congo"),
    "us": ("USA", "Etats Unis", "US"),
    "gb": ("UK", "Angleterre", "England"),
    "bf": ("Burkina",),
}
# Cue groups naming a precise topic: "both projects" + one of them is about that topic, not
# about the members the projects share.
_TOPIC_CUES = (
    "funding",
    "call",
    "webinars",
    "gatherings",
    "actions",
    "seminar",
    "self_assessment",
    "remote",
    "communication",
    "when",
    "when_explicit",
    "status",
    "countries",
    "animator",
    "objectives",
    "theme",
)
_PROJECT_WORDS = words("projet projets project projects")
# Who leads something, asked by a person's name ("le nom du responsable").
_LEAD_PERSON_WORDS = words(
    "responsable responsables coordinateur coordinatrice coordinator coordinators animateur "
    "animatrice"
)
# How many people came ("combien de personnes", "how many participants").
_HEADCOUNT_WORDS = words(
    "participants participant personnes people persons attendees participe participated "
    "attended attend venus present presents gens volontaires volunteers volontaire volunteer"
)
# Elided articles and pronouns typed without their apostrophe ("latelier", "quest").
_ELIDED = frozenset({"l", "d", "qu", "c", "j", "n"})
_SHORT_ELIDED = frozenset({"est", "afd", "ess", "ue", "eau"})
_COOP_NEXT = ("decentral", "international", "interregional")
_ROLE_WORDS = words("role roles fonction function")
_EXCLUDE_WORDS = words(
    "besides except excluding apart sauf hormis excepte exceptes excepter outre part"
)
_EXCLUDE_PAIRS = frozenset({("other", "than"), ("autre", "que"), ("autres", "que")})
# Words before or after the name of a thing ("le projet X", "the X programme").
_NAMED_THING_WORDS = words(
    "projet projets project projects programme programmes program programs reseau network "
    "partenariat partnership dispositif scheme initiative"
)
# Words before a funder's name: "came from Dijon", "versé par Dijon", "de la part de".
_SOURCE_WORDS = words("from par by part provient vient venait")
# The Atlas's column for the foreign side ("Collectivités et partenaires étrangers").
_FOREIGN_WORD = "etrangers"
# "Now", "compared with": a time question about places, not about a meeting's programme.
_NOW_WORDS = words("maintenant now actuellement currently locale local rapport compared versus vs")
# Who speaks at a meeting (its agenda's facilitators), not who organises it.
_SPEAKER_WORDS = words(
    "intervenant intervenants intervenante intervenantes speaker speakers panelistes panelists "
    "presentateur presentateurs presenter presenters orateur orateurs spoke"
)
_PRESENT_WORDS = words(
    "presente presentes presentee presentent presenter presentation presentations presents "
    "presented presenting present"
)
# Words of time questions that also occur in agenda items ("Informal time...").
_AGENDA_NOISE = words(
    "time times heure heures hour hours quelle what when quand agenda programme program "
    "ordre jour schedule timetable"
)


_CLOCK_RE = re.compile(r"\b([01]?\d|2[0-3])\s*(?:h|:)\s*([0-5]\d)?(?!\d)", re.IGNORECASE)


def _stem(token: str) -> str:
    """Plural folded: "volunteers" -> "volunteer", "échanges" -> "echange"; a few verbs of
    history steps brought to one word ("venu", "came", "visité" -> "visit")."""
    token = _HISTORY_SYNONYMS.get(token, token)
    return token[:-1] if len(token) > 4 and token[-1] in "sx" else token


# Verbs people use for the same history step ("the president came" = "visit").
_HISTORY_SYNONYMS: dict[str, str] = dict.fromkeys(
    words("venu venue venus venues came visite visites visiter visited visiting visits"),
    "visit",
)


def _utc_offset(off: timedelta) -> str:
    """ "UTC+3", "UTC+5:30", "UTC-1", "UTC+0"."""
    minutes = int(off.total_seconds() // 60)
    sign = "-" if minutes < 0 else "+"
    h, m = divmod(abs(minutes), 60)
    return f"UTC{sign}{h}" + (f":{m:02d}" if m else "")


def _alias_via(alias: str) -> str:
    """Short all-capital aliases ("EU", "GPM") are acronyms: typed in lower case, a common
    word ("eu", "gpm") is not taken for them."""
    return "acronym" if alias.isupper() and len(alias) <= 5 else "alias"


def _clock(raw: str) -> time | None:
    """A time of day written "15h30", "15 h", "15:30" (not a bare number)."""
    m = _CLOCK_RE.search(raw)
    if not m:
        return None
    return time(int(m.group(1)), int(m.group(2) or 0))


def _action_number(tokens: list[str]) -> int | None:
    for k, tok in enumerate(tokens):
        if tok in _ACTION_WORDS:
            nxt = tokens[k + 1 : k + 4]
            for t in nxt:
                if t in ("n", "no", "num", "numero", "number", "nr", "nb"):
                    continue
                if t.isdigit() and len(t) <= 2:
                    return int(t)
                if t in NUMBER_WORDS:
                    return NUMBER_WORDS[t]
                break
            if k > 0:
                val = ordinal_value(tokens[k - 1])
                if val is not None:
                    return val
    return None


def _ordinal(tokens: list[str]) -> int | None:
    for k, tok in enumerate(tokens):
        val = ordinal_value(tok)
        if val is not None:
            # "quel projet finit en premier", "which one ends first": not a rank of a thing
            if (k > 0 and tokens[k - 1] == "en") or (k == len(tokens) - 1 and not tok[0].isdigit()):
                continue
            # "1er novembre" is a date, not the first gathering
            nxt = tokens[k + 1] if k + 1 < len(tokens) else ""
            if nxt in _MONTHS or nxt in _ACTION_WORDS:
                continue
            return val
    return None


_MONTHS = words(
    "janvier fevrier mars avril mai juin juillet aout septembre octobre novembre decembre "
    "january february march april may june july august september october november december"
)


_KIND_PHRASES: tuple[tuple[tuple[str, ...], str], ...] = tuple(
    (tuple(phrase.split()), kind)
    for phrase, kind in (
        ("parc naturel regional", "regional_natural_park"),
        ("parcs naturels regionaux", "regional_natural_park"),
        ("regional natural park", "regional_natural_park"),
        ("regional natural parks", "regional_natural_park"),
        ("conseil departemental", "departmental_council"),
        ("conseils departementaux", "departmental_council"),
        ("departmental council", "departmental_council"),
        ("departmental councils", "departmental_council"),
        ("conseil municipal", "municipal_council"),
        ("conseils municipaux", "municipal_council"),
        ("municipal council", "municipal_council"),
        ("conseil provincial", "provincial_council"),
        ("provincial council", "provincial_council"),
        ("district autonome", "autonomous_district"),
        ("association communes", "association_of_municipalities"),
        ("associations communes", "association_of_municipalities"),
        ("communaute communes", "community_of_municipalities"),
        ("communautes communes", "community_of_municipalities"),
    )
)


# The words of "combien de temps" / "how much time" (not "Temps convivial").
_DURATION_WORDS = words("temps time")
# Words joining names in a list ("et" / "and" are already dropped from the filtered stream).
_LIST_JOINERS = words("ou or ni nor neither")
# Negations and exclusions before a name, and the words that may stand between them.
_NEGATION_WORDS = words("pas not non hors outside sans without aren isn arent isnt excluding")
_EXCLUSION_GAP = words(
    "ceux celles celui celle those ones one membres membre members member collectivites "
    "collectivite pays country countries dans in inclus included involved partie part "
    "sont est are is font fait been being ete encore yet also aussi deja already engages "
    "engagees engage participe participent participating parmi among un une des"
)


def _triggers(tokens: list[str], keep: list[int]) -> frozenset[int]:
    """Positions (in the filtered stream ``keep`` maps to ``tokens``) of the words that
    exclude what follows: "sauf", "except", "not", "pas", "à part" (not "take part", nor
    "la part de Dijon"), the second word of "other than" / "autres que"."""
    out: set[int] = set()
    for j, k in enumerate(keep):
        tok = tokens[k]
        prev = tokens[k - 1] if k > 0 else ""
        if tok == "part":
            if prev == "a":
                out.add(j)
        elif tok in _EXCLUDE_WORDS or tok in _NEGATION_WORDS or (prev, tok) in _EXCLUDE_PAIRS:
            out.add(j)
    return frozenset(out)


def _negated_at(filtered: list[str], start: int, triggers: frozenset[int]) -> bool:
    """Whether the name starting at ``start`` follows an exclusion ("sauf", "other than")
    or a negation ("pas", "not"), with at most three filler words between them."""
    k = start - 1
    skipped = 0
    while k >= 0 and skipped <= 3:
        if k in triggers:
            return True
        if filtered[k] not in _EXCLUSION_GAP:
            return False
        k -= 1
        skipped += 1
    return False


def _kinds_negated(tokens: list[str]) -> bool:
    """Whether the kind words of the question follow a negation ("qui ne sont pas des
    conseils régionaux", "members that are not regional councils")."""
    keep = [k for k, t in enumerate(tokens) if t not in NAME_STOPWORDS]
    toks = [tokens[k] for k in keep]
    triggers = _triggers(tokens, keep)
    for j, tok in enumerate(toks):
        if tok in _KIND_VOCABULARY or tok in _COUNCIL_WORDS:
            return _negated_at(toks, j, triggers)
    return False


def _kinds(tokens: list[str]) -> frozenset[str]:
    found: set[str] = set()
    tokens = [t for t in tokens if t not in NAME_STOPWORDS]
    # multi-word kinds first ("parcs naturels régionaux" is not a regional council)
    for phrase, kind in _KIND_PHRASES:
        n = len(phrase)
        for k in range(len(tokens) - n + 1):
            if tuple(tokens[k : k + n]) == phrase:
                found |= _KIND_EXPAND.get(kind, {kind})
                tokens = tokens[:k] + ["§"] * n + tokens[k + n :]
    for kind, kind_words in _KIND_WORDS.items():
        if any(t in kind_words for t in tokens):
            found |= _KIND_EXPAND.get(kind, {kind})
    if not found and any(t in _COUNCIL_WORDS for t in tokens):
        found = set(_ALL_COUNCILS)
    # "conseils départementaux" -> departmental only (already); "régions" stays regional
    return frozenset(found)


def _status_filter(q: _Query) -> str | None:
    toks = set(q.tokens)
    joined = " " + " ".join(q.tokens) + " "
    if (
        toks
        & {
            "ongoing",
            "current",
            "actuel",
            "actuels",
            "actuellement",
            "currently",
            "running",
            "actifs",
            "active",
        }
        or " en cours " in joined
    ):
        return "ongoing"
    if toks & {
        "termine",
        "termines",
        "finis",
        "fini",
        "finished",
        "completed",
        "acheves",
        "past",
        "passes",
        "anciens",
    }:
        return "finished"
    if toks & {"venir", "planned", "upcoming", "futurs", "futur", "prevus", "future"}:
        return "planned"
    return None


def iter_refs(answers: Iterable[Answer]) -> list[str]:
    """All record ids of several answers (for logs)."""
    out: list[str] = []
    for a in answers:
        out.extend(a.refs)
    return out
