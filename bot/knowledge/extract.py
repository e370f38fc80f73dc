"""Step 2 of the pipeline: one question read into one :class:`~bot.knowledge.query.Query`
(records named, cues, constraints), and the matchers over agenda items, actions and histories."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from datetime import date, time
from itertools import pairwise

from babel import Locale
from rapidfuzz import fuzz, process

from bot.knowledge.index import KnowledgeIndex
from bot.knowledge.lexicon import (
    COMMON_WORDS,
    NUMBER_WORDS,
    detect_cues,
)
from bot.knowledge.matching import (
    ALIAS,
    NAME_STOPWORDS,
    WORD,
    Mention,
    Ref,
    name_tokens,
)
from bot.knowledge.models import (
    ORG_KIND_LABELS,
    Partnership,
)
from bot.knowledge.query import (
    _action_number,
    _clock,
    _kinds,
    _kinds_negated,
    _negated_at,
    _negated_claim,
    _only,
    _ordinal,
    _polar,
    _Query,
    _stem,
    _triggers,
)
from bot.knowledge.textnorm import STOPWORDS, fold, tokenize
from bot.knowledge.vocabulary import vocabulary
from bot.knowledge.words import (
    _ACTION_SEARCH_NOISE,
    _AGENDA_NOISE,
    _CONTINUES,
    _COUNCIL_WORDS,
    _CUE_WORDS,
    _ELIDED,
    _KIND_VOCABULARY,
    _LEAD_PERSON_WORDS,
    _LIST_JOINERS,
    _LOOSE_KIND_WORDS,
    _MEETING_WORDS,
    _NAMED_THING_WORDS,
    _OCCASION_OF,
    _PLACE_LIKE,
    _PRESENT_WORDS,
    _PROJECT_WORDS,
    _REGIONAL_ADJECTIVES,
    _SHORT_ELIDED,
    _SHORT_FORMS,
    _YEAR_RE,
)

_NAME_AFTER_PROJECT = re.compile(
    r"\b(?:projets?|projects?|programmes?)\s+([^\W\d_][\w'’-]*)", re.IGNORECASE
)
_NAME_BEFORE_PROJECT = re.compile(r"([^\W\d_][\w'’-]*)\s+(?:projects?|programmes?)\b")


_OTHER_WORDS = frozenset(vocabulary().word_list("others").split())
# the languages of the answers, as people name them ("in French", "le nom en anglais")
_LANGUAGE_NAMES = {
    fold(Locale(ui).languages[code]): code for ui in ("fr", "en") for code in ("fr", "en")
}
_NAMED_IN = frozenset(vocabulary().word_list("named_in").split())


def _languages_dropped(
    mentions: list[Mention], tokens: list[str], keep: list[int]
) -> tuple[list[Mention], str | None]:
    """A language named as one ("in French", "the French name", "le titre en anglais") is no
    country: its mention is dropped; the language's code is returned with the others."""
    out: list[Mention] = []
    named: str | None = None
    for m in mentions:
        k = keep[m.start]
        if m.ref.kind == "country" and m.length == 1 and tokens[k] in _LANGUAGE_NAMES:
            before = tokens[k - 1] if k else ""
            after = tokens[k + 1] if k + 1 < len(tokens) else ""
            if (before in ("in", "en") and not after) or after in _NAMED_IN or before in _NAMED_IN:
                named = _LANGUAGE_NAMES[tokens[k]]
                continue
        out.append(m)
    return out, named


_ALONGSIDE = frozenset(vocabulary().word_list("alongside").split())
_PRONOUNS_WITH = frozenset({"eux", "elles", "lui", "elle", "nous", "them", "him", "her", "us"})


class QueryExtractor(KnowledgeIndex):
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
            elif tok.endswith(("ik", "iks")) and tok not in vocab and len(tok) >= 5:
                # "-ique" written as it sounds in text messages ("technik", "scientifik"),
                # when that gives a known word
                whole = tok[: tok.rindex("ik")] + ("iques" if tok.endswith("s") else "ique")
                if out and out[-1].endswith("s") and not whole.endswith("s"):
                    whole += "s"  # agreeing with the noun before it ("partenaires technik")
                forms = [whole, whole.rstrip("s")]
                known = [f for f in forms if f in vocab or f in _CUE_WORDS or f in COMMON_WORDS]
                out.append(whole if known else tok)
            else:
                out.append(tok)
        # a short form before the words that make it a common noun (data/vocabulary/words.toml)
        return [
            _SHORT_FORMS[t][0]
            if t in _SHORT_FORMS and k + 1 < len(out) and out[k + 1].startswith(_SHORT_FORMS[t][1])
            else t
            for k, t in enumerate(out)
        ]

    def _parse(self, raw: str, lang: str, today: date) -> _Query:
        tokens = tokenize(raw)
        if lang == "fr":
            tokens = self._split_elisions(tokens)
        corrected, fixes = self._index.correct(tokens, by_sound=lang == "fr")
        fixed_pos = {k for k, (a, c) in enumerate(zip(tokens, corrected, strict=True)) if a != c}
        # filtered token stream for name matching, with a map back to the raw positions
        keep = [k for k, t in enumerate(corrected) if t not in NAME_STOPWORDS]
        filtered = [corrected[k] for k in keep]
        fuzzy_f = frozenset(j for j, k in enumerate(keep) if k in fixed_pos)
        mentions = self._index.find(filtered, fuzzy_f)
        mentions = self._prune_mentions(mentions, filtered, raw)
        mentions = self._project_sound_alike(mentions, filtered)
        mentions = self._project_after_word(mentions, filtered)
        mentions = self._occasions_dropped(mentions, corrected, keep)
        mentions = self._meeting_by_organiser(mentions, filtered)
        mentions, named_language = _languages_dropped(mentions, corrected, keep)
        masked: set[int] = set()
        for m in mentions:
            if m.length >= 2 or m.via in ("compact",):
                masked.update(keep[j] for j in range(m.start, m.end))
        cue_tokens = [t if k not in masked else "§" for k, t in enumerate(corrected)]
        cues = detect_cues(cue_tokens, lang, raw)
        kinds = _kinds(cue_tokens)
        if kinds and _kinds_negated(cue_tokens):
            kinds = frozenset(ORG_KIND_LABELS) - kinds
        polar = _polar(raw, tokens)
        triggers = _triggers(corrected, keep, negations=not polar)
        regions = tuple(
            dict.fromkeys(
                self._region_seqs[seq]
                for m in mentions
                if m.via == "region"
                and (seq := tuple(filtered[m.start : m.end])) in self._region_seqs
            )
        )
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
            polar=polar,
            negated_claim=polar and _negated_claim(raw, tokens),
            regions=regions,
            named_language=named_language,
            only=_only(raw, tokens),
            loose_kind=bool(set(cue_tokens) & _LOOSE_KIND_WORDS)
            and not set(cue_tokens) & (_COUNCIL_WORDS | _REGIONAL_ADJECTIVES),
            excluded=self._negated_refs(mentions, filtered, triggers, corrected),
        )

    def _meeting_by_organiser(self, mentions: list[Mention], filtered: list[str]) -> list[Mention]:
        """A meeting word (singular) next to the name of who organised it ("la rencontre du
        réseau X") names that meeting, when the organiser held one (or one in the place
        named)."""
        if any(m.ref.kind == "meeting" for m in mentions):
            return mentions
        places = {m.ref.id.casefold() for m in mentions if m.ref.kind == "place"}
        out = list(mentions)
        for k, m in enumerate(mentions):
            if m.ref.kind not in ("network", "organisation"):
                continue
            near = filtered[max(0, m.start - 1) : m.start] + filtered[m.end : m.end + 1]
            if not {t for t in near if not t.endswith("s")} & _MEETING_WORDS:
                continue  # "les rencontres de X" asks for the list of its meetings
            held = [x for x in self.kb.meetings.values() if m.ref.id in x.organisers]
            if places:
                held = [
                    x
                    for x in held
                    if x.place is not None and (x.place.city or "").casefold() in places
                ] or held
            if len(held) == 1:
                out[k] = Mention(Ref("meeting", held[0].id), m.start, m.end, ALIAS, m.via, m.fuzzy)
        return out

    def _occasions_dropped(
        self, mentions: list[Mention], corrected: list[str], keep: list[int]
    ) -> list[Mention]:
        """A meeting named right after "en vue de", "ahead of" is the occasion of the
        question; when another record is named, that one is asked about: drop the meeting."""
        others = [m for m in mentions if m.ref.kind not in ("meeting", "country")]
        if not others:
            return mentions
        out: list[Mention] = []
        for m in mentions:
            if m.ref.kind == "meeting":
                at = keep[m.start]
                before = f" {' '.join(corrected[max(0, at - 5) : at])} "
                if any(f" {p} " in before for p in _OCCASION_OF):
                    continue
            out.append(m)
        return out

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
                continue
            if m.length == 1 and m.ref.kind == "term" and word in cue_words and m.via != "acronym":
                m.strength = WORD
            if m.fuzzy and m.strength <= WORD and len(word) < 6:
                continue
            if m.ref.kind == "organisation" and m.strength <= WORD and word in _KIND_VOCABULARY:
                continue
            if (
                m.length == 1
                and m.ref.kind in _PLACE_LIKE
                and m.via != "acronym"
                and (word in cue_words or word in STOPWORDS or word in NUMBER_WORDS)
            ):
                continue
            out.append(m)
        return out

    def _asks_person(self, q: _Query) -> bool:
        """A role no person of data/people.toml holds ("le chef de projet", "the manager")."""
        c = q.cues
        toks = set(q.tokens)
        if " chef de file " in f" {' '.join(q.tokens)} ":
            return False
        if "person_role" in c and c.any("who", "person"):
            return True
        return "person" in c and bool(toks & _LEAD_PERSON_WORDS)

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
        out only in list questions (which countries are not in a project), not in yes/no ones
        (is this member not in that project)."""
        ex_orgs = [r.id for r in q.excluded if r.kind == "organisation"]
        ex_countries = [r.id for r in q.excluded if r.kind == "country"]
        ex_projects = [r.id for r in q.excluded if r.kind == "project"]
        c = q.cues
        listing = c.any("members", "countries", "who", "list", "count", "kinds")
        if ex_projects and (ex_orgs or not listing or q.ids("organisation")):
            ex_projects = []
        return ex_projects, ex_countries, ex_orgs

    def _negated_refs(
        self,
        mentions: list[Mention],
        filtered: list[str],
        triggers: frozenset[int],
        tokens: Sequence[str] = (),
    ) -> frozenset[Ref]:
        """Records named right after an exclusion or a negation, fillers skipped: sauf,
        à part, other than, ne ... pas dans, not in; a list of such names too."""
        out: set[Ref] = set()
        prev: Mention | None = None
        # "une autre collectivité avec eux ..., <X>": X (named for "eux") is who they are with
        with_them = bool(set(tokens) & _OTHER_WORDS) and any(
            a in _ALONGSIDE and b in _PRONOUNS_WITH for a, b in pairwise(tokens)
        )
        orgs = [m for m in mentions if m.ref.kind == "organisation"]
        if (
            with_them
            and len(orgs) == 1
            and not any(filtered[m.start - 1] in _ALONGSIDE for m in orgs if m.start)
        ):
            out.add(orgs[0].ref)
        for m in mentions:
            if m.ref.kind not in ("organisation", "country", "project") or m.start == 0:
                prev = None
                continue
            # "quelles autres collectivités sont avec X", "which others work with X"
            alongside = (
                m.ref.kind == "organisation"
                and filtered[m.start - 1] in _ALONGSIDE
                and bool(set(filtered[: m.start]) & _OTHER_WORDS)
            )
            if (
                alongside
                or _negated_at(filtered, m.start, triggers)
                or (
                    prev is not None
                    and prev.ref in out
                    and prev.ref.kind == m.ref.kind
                    and all(t in _LIST_JOINERS for t in filtered[prev.end : m.start])
                )
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
                out.append(typed)
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

    def _unknown_project_name(self, q: _Query) -> str | None:
        """A name written like one (an inner apostrophe or hyphen, capitals inside) right
        next to the word project, that names no record and is no misspelt project name."""
        for m in (*_NAME_AFTER_PROJECT.finditer(q.raw), *_NAME_BEFORE_PROJECT.finditer(q.raw)):
            word = re.sub(r"['’]s$", "", m.group(1))
            if re.match(r"(?:[cdjlmnst]|qu)['’]", word, re.IGNORECASE):
                continue  # an elided article or pronoun, not a name
            if not (re.search(r"\w['’-]\w", word) or any(ch.isupper() for ch in word[1:])):
                continue
            glued = "".join(tokenize(word))
            parts = tuple(name_tokens(word))
            if (
                len(glued) < 4
                or self._index.knows(glued)
                or self._index.has_sequence(parts)
                or all(self._index.has_sequence((t,)) for t in parts)
                or glued in self._project_keys
            ):
                continue
            near = process.extractOne(glued, self._project_keys, scorer=fuzz.ratio)
            if near is not None and near[1] >= 80:
                continue
            return word
        return None

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
            return False
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
        # the words of a meeting's own name name the meeting, not one of its items
        filtered = [t for t in q.tokens if t not in NAME_STOPWORDS]
        named = {
            t
            for m in q.mentions
            if m.ref.kind == "meeting" and m.strength > WORD
            for t in filtered[m.start : m.end]
        }
        words = {
            t
            for t in q.tokens
            if t not in STOPWORDS
            and t not in NAME_STOPWORDS
            and t not in _AGENDA_NOISE
            and t not in skip
            and t not in named
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
        for k in sorted(hits):
            # "Ce projet n'aboutit pas, car...": the next step goes on with this one
            nxt = s.history[k + 1] if k + 1 < len(s.history) else None
            first = tokenize(nxt.get(q.lang))[:1] if nxt is not None else []
            if first and first[0] in _CONTINUES:
                hits.add(k + 1)
        return sorted(hits)
