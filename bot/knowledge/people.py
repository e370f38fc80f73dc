"""People the documents name in a public role (``[[person]]`` records, data/people.toml).

* :meth:`People.facilitators` — who leads an agenda item, by name, role and organisation;
* :meth:`People.contacts` — the named contacts of a partnership's diplomatic post;
* :meth:`People.answer` — a person asked by name, by role and place, by what they present
  or by what they did: the person's card
  (name, role as the document gives it, what they lead, what the document says they did).

Names are found in the words as typed (the spelling corrector does not know them); a role is
found by the words of the person's role, organisation, agenda items and facts, weighted by
how rare they are among the people, and only in a question asking for someone.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from bot.i18n import Catalogue, Safe, escape
from bot.knowledge.lexicon import CUES
from bot.knowledge.models import (
    AgendaItem,
    KnowledgeBase,
    Meeting,
    Organisation,
    Partnership,
    Person,
    Term,
)
from bot.knowledge.textnorm import STOPWORDS, fold, tokenize, words
from bot.knowledge.vocabulary import vocabulary

__all__ = ["PERSON_CUES", "People", "PersonMatch"]

# Words that ask for someone (a name, a contact), and words of a question that say nothing
# about whom it asks for (data/vocabulary/words.toml).
PERSON_CUES = words(vocabulary().word_list("person_cues"))
_ROLE_CUES = words(vocabulary().word_list("person_role_cues"))  # "maire": a role too
_NOISE = (
    PERSON_CUES
    | words(vocabulary().word_list("person_noise"))
    | CUES["greeting"].words
    | CUES["thanks"].words
)
_TITLES = CUES["person_role"].words
_ROLE, _PLACE, _CONTEXT = 1.0, 0.8, 0.6  # weights of a person's words, by where they come from


@dataclass(frozen=True, slots=True)
class PersonMatch:
    people: tuple[Person, ...]
    by_name: bool


def close_words(a: str, b: str) -> bool:
    """The same word, a variant (a verb and its noun, a plural) or a typo."""
    if a == b:
        return True
    if len(a) >= 4 and len(b) >= 4 and (a.startswith(b) or b.startswith(a)):
        return min(len(a), len(b)) >= 5 or abs(len(a) - len(b)) <= 3
    return len(a) >= 6 and len(b) >= 6 and fuzz.ratio(a, b) >= 85


class People:
    """The people of one knowledge base, indexed once."""

    def __init__(self, kb: KnowledgeBase, catalogue: Catalogue | None = None) -> None:
        self.kb = kb
        self.cat = catalogue or Catalogue.bundled()
        # titles a person must hold to be the one asked for: the role words, and the
        # acronyms of the roles of the glossary ("COCAC")
        self._titles = _TITLES | {
            fold(t.acronym) for t in kb.terms.values() if t.term_type == "role" and t.acronym
        }
        self._leads: dict[str, list[tuple[Meeting, AgendaItem]]] = {}
        self._by_item: dict[int, list[str]] = {}  # id(agenda item) -> person ids
        for p in kb.people.values():
            for lead in p.leads:
                m = kb.meetings.get(lead.meeting)
                if m is None:
                    continue
                for item in m.agenda:
                    if item.start == lead.start:
                        self._leads.setdefault(p.id, []).append((m, item))
                        self._by_item.setdefault(id(item), []).append(p.id)
        self._names: dict[str, list[list[str]]] = {}
        self._bags: dict[str, dict[str, float]] = {}
        for p in kb.people.values():
            spellings = [tokenize(n) for n in p.names()]
            surname = tokenize(p.name)[1:]
            self._names[p.id] = [s for s in [*spellings, surname] if s]
            bag: dict[str, float] = {}
            for weight, texts in (
                (_ROLE, [p.role.fr, p.role.en, *self._role_names(p)]),
                (_PLACE, self._record_names(p.organisation)),
                (_CONTEXT, self._context(p)),
            ):
                for tok in tokenize(" ".join(texts)):
                    if tok not in STOPWORDS and len(tok) >= 3:
                        bag[tok] = max(bag.get(tok, 0.0), weight)
            self._bags[p.id] = bag
        df: Counter[str] = Counter(t for bag in self._bags.values() for t in bag)
        n = max(1, len(self._bags))
        self._idf = {t: math.log(1 + n / c) for t, c in df.items()}

    # ------------------------------------------------------------------ indexing

    def _role_names(self, p: Person) -> list[str]:
        term = self.kb.terms.get(p.role_ref) if p.role_ref else None
        return [] if term is None else [n for n in term.names() if n]

    def _record_names(self, rid: str | None) -> list[str]:
        rec = self.kb.get(rid) if rid else None
        return rec.names() if rec is not None else []

    def _context(self, p: Person) -> list[str]:
        texts = [t for f in p.facts for t in (f.fr, f.en)]
        for rid in p.appears_in:
            texts += self._record_names(rid)
        for m, item in self._leads.get(p.id, []):
            texts += [item.activity.fr, item.activity.en, *m.names()]
        return texts

    # ------------------------------------------------------------------ rendering helpers

    def names(self, ids: Iterable[str], lang: str) -> str:
        shown = [self.kb.people[i].name for i in ids if i in self.kb.people]
        return (
            self.cat.raw(lang, "answers.fmt.and").join(shown)
            if len(shown) <= 2
            else ", ".join(shown)
        )

    def facilitators(self, item: AgendaItem, lang: str) -> str | None:
        """Who leads an agenda item: the names the programme gives, then the role."""
        role = item.facilitator.get(lang) if item.facilitator else None
        people = self._by_item.get(id(item), [])
        if not people:
            return role
        names = self.names(people, lang)
        if role is None:
            return names
        return self.cat.raw(lang, "answers.people.with_role").format(names=names, role=role)

    def contacts(self, s: Partnership, lang: str) -> str | None:
        """The named contacts of a partnership's diplomatic post ("Frédérick Bouin (...)")."""
        shown = [
            self.cat.raw(lang, "answers.people.contact").format(name=p.name, role=p.role.get(lang))
            for p in self.kb.people.values()
            if s.id in p.appears_in and isinstance(self.kb.get(p.organisation or ""), Term)
        ]
        return self.cat.raw(lang, "answers.fmt.list_sep").join(shown) if shown else None

    def line(self, p: Person, lang: str) -> str:
        """One line: the name in bold and the role."""
        name = Safe(f"<b>{escape(p.name)}</b>")
        return self.cat.t(lang, "answers.people.card", name=name, role=p.role.get(lang))

    def card(self, p: Person, lang: str) -> list[str]:
        """A person's card: name and role, the items they lead, what they did, where named."""
        role = p.role.get(lang)
        lines = [
            self.cat.t(
                lang, "answers.people.card", name=Safe(f"<b>{escape(p.name)}</b>"), role=role
            )
        ]
        by_meeting: dict[str, list[AgendaItem]] = {}
        for m, item in self._leads.get(p.id, []):
            by_meeting.setdefault(m.id, []).append(item)
        for mid, items in by_meeting.items():
            m = self.kb.meetings[mid]
            lines.append(
                self.cat.t(
                    lang,
                    "answers.people.leads",
                    meeting=m.title.get(lang),
                    date=m.date.format(lang),
                )
            )
            for item in items:
                hours = f"{self._hm(item.start.hour, item.start.minute, lang)}–" + self._hm(
                    item.end.hour, item.end.minute, lang
                )
                lines.append(
                    self.cat.t(
                        lang,
                        "answers.people.item",
                        hours=Safe(f"<b>{escape(hours)}</b>"),
                        activity=item.activity.get(lang),
                    )
                )
        lines += [f"• {escape(f.get(lang))}" for f in p.facts]
        if p.notes:
            lines.append(f"<i>{escape(p.notes.get(lang))}</i>")
        return lines

    def _hm(self, hour: int, minute: int, lang: str) -> str:
        return self.cat.t(lang, "answers.fmt.time", hour=hour, minute=f"{minute:02d}")

    # ------------------------------------------------------------------ questions

    def match(
        self,
        typed: Sequence[str],
        tokens: Sequence[str],
        named: Iterable[str] = (),
        countries: Iterable[str] = (),
    ) -> PersonMatch | None:
        """The people a question names, or asks for by their role; None when it does not.

        ``named``: the ids of the records the question names; a person asked for by role
        must be tied to one of them (the president of another council is not this one's).
        ``countries``: the countries the question names; a person asked for by role must be
        tied to each of them (the embassy adviser of one country is not another's).
        """
        words_ = [t for t in dict.fromkeys([*typed, *tokens])]
        found = self._by_name(words_)
        if found:
            asks = bool(set(words_) & PERSON_CUES)
            content = [t for t in words_ if t not in _NOISE and t not in STOPWORDS]
            if asks or found[0][1] >= 2 or len(content) <= 3:
                return PersonMatch(tuple(p for p, _ in found), True)
        if not set(words_) & PERSON_CUES:
            return None
        return self._by_role(words_, set(named), set(countries))

    def _by_name(self, toks: list[str]) -> list[tuple[Person, int]]:
        scored: list[tuple[Person, int]] = []
        for p in self.kb.people.values():
            best = 0
            for spelling in self._names[p.id]:
                # the short particles of a name ("El", "de", "Ba") are not asked for alone
                long = [w for w in spelling if len(w) >= 4]
                if long and all(any(close_words(w, t) for t in toks) for w in long):
                    best = max(best, len(spelling) + (1 if spelling == self._names[p.id][0] else 0))
            if best:
                scored.append((p, best))
        if not scored:
            return []
        top = max(s for _, s in scored)
        return [(p, s) for p, s in scored if s == top]

    def _ties(self, p: Person) -> set[str]:
        """The records a person is tied to: their organisation, role, where they are named."""
        ties = {p.organisation, p.role_ref, *p.appears_in}
        for m, _item in self._leads.get(p.id, []):
            ties.update([m.id, *m.organisers, *m.related])
        org = self.kb.get(p.organisation) if p.organisation else None
        if isinstance(org, Term):
            ties.update(org.related)
        return {t for t in ties if t}

    def _partner_ties(self, p: Person) -> set[str]:
        """The partners of the partnerships a person is named in (the president of one city
        "who came to" the other): a weaker tie, asked with more of what the person did."""
        out: set[str] = set()
        for rid in self._ties(p):
            rec = self.kb.get(rid)
            if isinstance(rec, Partnership):
                out.update([*rec.french_partners, *rec.foreign_partners])
        return out

    def countries(self, p: Person) -> set[str]:
        """The countries a person is tied to: those of their organisation, of the
        partnerships and meetings they are named in, of the records their body is tied to."""
        out: set[str] = set()
        for rid in self._ties(p):
            rec = self.kb.get(rid)
            if isinstance(rec, Organisation):
                out.add(rec.country)
            elif isinstance(rec, Partnership):
                for oid in (*rec.french_partners, *rec.foreign_partners):
                    if (org := self.kb.organisations.get(oid)) is not None:
                        out.add(org.country)
                if rec.diplomatic_post_country:
                    out.add(rec.diplomatic_post_country)
            elif isinstance(rec, Meeting) and rec.place is not None and rec.place.country:
                out.add(rec.place.country)
        return out

    def _record_words(self, named: set[str]) -> set[str]:
        """The words of the records named (their names, a meeting's title): they say which
        record the question is about, not whom it asks for."""
        out: set[str] = set()
        for rid in named:
            rec = self.kb.get(rid)
            if rec is None:
                continue
            texts = list(rec.names())
            if isinstance(rec, Meeting):
                texts += [rec.title.fr, rec.title.en, rec.date.format("fr"), rec.date.format("en")]
            for text in texts:
                out.update(tokenize(text))
        return out

    def _related(self, named: set[str]) -> set[str]:
        """The records named and those they are tied to (a term's body, a meeting's organisers):
        a person tied to either may be the one asked for."""
        out = set(named)
        for rid in named:
            rec = self.kb.get(rid)
            for attr in ("related", "organisers"):
                out.update(getattr(rec, attr, None) or ())
            parent = getattr(rec, "parent", None)
            if isinstance(parent, str):
                out.add(parent)
        return out

    def _by_role(
        self, toks: list[str], named: set[str], countries: frozenset[str] | set[str] = frozenset()
    ) -> PersonMatch | None:
        about = self._record_words(named)
        named = self._related(named)
        content = [
            t
            for t in toks
            if (t not in _NOISE or t in _ROLE_CUES) and t not in STOPWORDS and len(t) >= 3
        ]
        if not content:
            return None
        default = math.log(1 + max(1, len(self._bags)))
        scores: list[tuple[float, Person]] = []
        for p in self.kb.people.values():
            # tied to a record named only as the partner of their partnership: more of what
            # the question says of them must be theirs
            weak = bool(named) and not named & self._ties(p)
            if weak and not named & self._partner_ties(p):
                continue
            if countries and (tied := self.countries(p)) and not countries <= tied:
                continue
            bag = self._bags[p.id]
            got, held, missed, hits = 0.0, 0.0, 0.0, 0
            for t in content:
                best = max(
                    ((w, self._idf[k]) for k, w in bag.items() if close_words(t, k)),
                    key=lambda x: x[0] * x[1],
                    default=None,
                )
                if best is None:
                    if t in _ROLE_CUES:
                        continue  # "élu": a role word helps when held, costs nothing when not
                    if t in self._titles:
                        break
                    if t not in about:
                        missed += 0.5 * default
                    continue
                weight, idf = best
                got += weight * idf
                held += idf
                hits += 1
            else:
                if hits >= (4 if weak else 2) and held / (held + missed) >= 0.6:
                    scores.append((got, p))
        if not scores:
            return None
        top = max(s for s, _ in scores)
        chosen = tuple(p for s, p in sorted(scores, key=lambda x: -x[0]) if s >= 0.85 * top)
        return PersonMatch(chosen[:3], False)
