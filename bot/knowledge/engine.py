"""The answer engine: its public entry points and the pipeline every question goes through.

1. **normalise** (:mod:`~bot.knowledge.textnorm`): language, folded tokens;
2. **extract** (:mod:`~bot.knowledge.extract`, :mod:`~bot.knowledge.query`): one
   :class:`~bot.knowledge.query._Query` -- spelling corrected against the index
   (:mod:`~bot.knowledge.index`, :mod:`~bot.knowledge.matching`), the records named, the cue
   groups (:mod:`~bot.knowledge.lexicon`), the constraints (kinds, years, rank, time of day,
   what is left out); :class:`~bot.knowledge.facts.QuestionFacts` applies the exclusions and
   derives the yes/no facts routing reads;
3. **route** (:mod:`~bot.knowledge.routing`): the intent table ``intents.toml``, tried by
   decreasing score; a second stage, ``project``, for the facts of projects;
4. **resolve** (:mod:`~bot.knowledge.resolvers`): the resolver the intent names, built on the
   ``resolve_*`` modules (projects, partnerships, actions, members, meetings);
5. **render**: every word from the catalogues (``answers.*``), fitted to one message
   (:mod:`~bot.knowledge.markup`); then :mod:`~bot.knowledge.refine` names the people asked
   for and says what the data does not hold (:mod:`~bot.knowledge.gaps`);
6. **yes/no and two questions in one**: a yes/no question (:func:`~bot.knowledge.query._polar`)
   gets "yes"/"no" first when the resolver can tell (``_Reply.verdict``) or when the sentence
   answering it denies it (:mod:`~bot.knowledge.verdict`); two questions joined by "et"/"and"
   (:func:`~bot.knowledge.query.split_question`), or one after the other, are each answered,
   the second about the records the first names ("the others": the first's organisation left
   out);
7. **a self-introduction first** ("Je représente X. Quels autres ... ?",
   :mod:`~bot.knowledge.introduction`): the question after it decides; the introduction only
   adds the asker's project and leaves the asker's organisation out of "the others".

The vocabulary of every step is in ``data/vocabulary/*.toml`` (:mod:`~bot.knowledge.vocabulary`).
:meth:`Answerer.intents_of` shows which intents a question takes.
"""

from __future__ import annotations

import html
import re
import tomllib
from dataclasses import replace
from datetime import date

from babel import Locale

from bot.i18n import Safe
from bot.knowledge.attributes import asked
from bot.knowledge.facts import QuestionFacts
from bot.knowledge.follow_up import follow_up
from bot.knowledge.introduction import (
    BACK_REFERENCE,
    EXCEPT,
    OTHERS,
    referent,
    set_aside,
    split_context,
    split_introduction,
    split_wish,
)
from bot.knowledge.lexicon import detect_cues
from bot.knowledge.markup import (
    _MAX_QUESTION_CHARS,
    Answer,
    _bold,
    _fit,
    _lang,
    _Reply,
)
from bot.knowledge.matching import NAME_STOPWORDS
from bot.knowledge.models import Network, Partnership, Project, Term
from bot.knowledge.query import _Query, split_question
from bot.knowledge.refine import refine
from bot.knowledge.resolve_meetings import MeetingAnswers
from bot.knowledge.routing import INTENTS_PATH, route
from bot.knowledge.spans import first_year, years_between
from bot.knowledge.textnorm import STOPWORDS, detect_language, tokenize
from bot.knowledge.verdict import denial
from bot.knowledge.vocabulary import vocabulary
from bot.knowledge.words import (
    _OPEN_QUESTION,
    _REQUEST_WORDS,
    _SAME_YEAR,
    with_digits,
    written_out,
)

# words of a second question that only repeat the first for another record ("and which one
# in X? is it the same or not?")
_ELLIPSIS = frozenset(vocabulary().word_list("ellipsis").split())
# what a question is about (intents.toml, set "topic"): a question without one takes it from
# the sentence before
_TOPIC = frozenset(tomllib.loads(INTENTS_PATH.read_text(encoding="utf-8"))["sets"]["topic"])
# the labels of an administrative letter's heading ("Objet :", "Référence :")
_SUBJECT_LABEL = re.compile(
    r"\b(?:objet|object|subject|re|r[ée]f[ée]rence|ref|concerne)\s*:\s*", re.IGNORECASE
)
# numbered questions in one message: "1) ...", "2. ...", "3 - ..." after a space or a start
_NUMBERED = re.compile(r"(?:^|(?<=\s))([1-9])\s?[).](?=\s)")
# where a message's questions end: after each question mark
_QUESTIONS = re.compile(r"(?<=\?)\s+")
# a question, then a remark that asks nothing ("... in both X and Y? Those look like the
# best-connected partners."): at least two words, no question mark
_REMARK_AFTER = re.compile(r"^(.*\?)\s*([^?]*\w\s+\w[^?]*)$", re.DOTALL)
_POSSESSIVES = frozenset({"son", "sa", "ses", "leur", "leurs", "his", "her", "its", "their"})


def _remarks(text: str) -> bool:
    """Whether ``text``, after a question, only remarks: it asks nothing (no question word,
    no attribute: "Those look like the best-connected partners."; not "quelle ville",
    "Donnez-moi le budget global")."""
    tokens = tokenize(text)
    if "opinion" in detect_cues(tokens, "fr", text):
        return False  # "… ? ton avis perso": an opinion asked
    return not set(tokens) & (_OPEN_QUESTION | _REQUEST_WORDS) and not asked(text, tokens)


def _from_wish(before: str, question: str) -> tuple[str, str]:
    """The question from its wish to know on; who wishes and why join what comes before."""
    wish = split_wish(question)
    if wish is None or set(tokenize(wish[1])) & _POSSESSIVES:
        # "..., pourriez-vous me communiquer son nom ?": what "son" stands for is in the
        # words before the wish, kept with it
        return before, question
    return f"{before} {wish[0]}".strip(), wish[1]


class Answerer(MeetingAnswers):
    """Question answering over one :class:`KnowledgeBase` (build once, reuse).

    The layers below, each in its own module, may use the ones under them:
    :class:`~bot.knowledge.index.KnowledgeIndex` (indexes, lookups) <-
    :class:`~bot.knowledge.extract.QueryExtractor` (question -> query) <- the ``resolve_*``
    builders (projects, partnerships, actions, members, meetings), rendered with the catalogues.
    """

    def _language(self, raw: str, lang: str | None) -> str:
        return detect_language(
            raw,
            hint=_lang(lang) if lang else None,
            names=self._proper_words,
            neutral=self._name_pieces,
            votes=self._language_votes,
        )

    def _read(self, question: str, lang: str | None) -> tuple[str, str]:
        """The question as read (shorthands written out, numbers in words as digits, at most
        ``_MAX_QUESTION_CHARS``) and its language."""
        raw = written_out((question or "").strip()[:_MAX_QUESTION_CHARS])
        lng = self._language(raw, lang)
        return with_digits(raw, lng), lng

    def intents_of(self, question: str, lang: str | None, today: date) -> tuple[str, ...]:
        """The intents the table picks for ``question`` (``project.*``: the second stage)."""
        raw, lng = self._read(question, lang)
        if not raw or not tokenize(raw):
            return ()
        raw = self.question_itself(raw, lng, today)
        facts = QuestionFacts(self, self._parse(raw, lng, today))
        route(self, facts)
        return tuple(facts.picked)

    def answer(self, question: str, lang: str | None, today: date) -> Answer:
        """Answer a free-text question. ``lang`` is a hint (interface language)."""
        raw, lng = self._read(question, lang)
        if not raw or not tokenize(raw):
            return self.not_found(lng)
        numbered = _NUMBERED.split(raw)
        if len(numbered) >= 5:
            # "Objet : X. 1) En quoi consiste-t-elle ? 2) Quand ?": each numbered question,
            # about what the text before them names
            return self._numbered(numbered, lang, lng, today)
        raw = self.question_itself(raw, lng, today)
        span = self._years_between(raw, lng, today)
        if span is not None:
            return Answer(
                html=_fit(span.lines, lng, catalogue=self._w.catalogue),
                found=True,
                lang=lng,
                intent=span.intent,
                refs=tuple(dict.fromkeys(span.refs)),
                asked=raw,
            )
        first = self._reply(raw, lng, today)
        parts = split_question(raw)
        third = ""
        if parts is not None and "?" in parts[1].rstrip(" ?"):
            # "... et lesquelles à Y ? Y en a-t-il une dans les deux ?": a third question,
            # asked of what the whole names
            head, _, third = parts[1].partition("?")
            parts = (parts[0], f"{head.rstrip()} ?")
        if parts is not None:
            # two questions in one ("combien de pays, et sur quelle période ?"): each answered,
            # the second about what the first names when it names nothing itself
            # the first part alone may say too little ("Would I be right in thinking the UK
            # isn't among them?"): the whole question's answer stands for it
            q_one = self._parse(parts[0], lng, today)
            if not q_one.mentions and self._asks_own(q_one):
                # "... who runs most of the items and which organisation he is with, <meeting>":
                # the first part is about what the whole question names
                whole = self._named_words(self._parse(raw, lng, today))
                if whole:
                    parts = (f"{parts[0].rstrip(' ?')} {' '.join(whole)}", parts[1])
                    q_one = self._parse(parts[0], lng, today)
            one = self._reply(parts[0], lng, today) or first
            q_two = self._parse(parts[1], lng, today)
            # what the first part names, when the second names no record of its own (a country
            # or a place only: "... ? Et sur quels axes porte le regroupement prévu en France ?")
            own = q_two.has("project", "organisation", "partnership", "meeting", "network")
            if own:
                named = []
            elif q_two.mentions:  # a country, a place: the first part's projects only
                named = [self.kb.projects[p].short_name for p in q_one.ids("project")]
            else:
                named = self._named_words(q_one)
            if (
                q_one.years
                and not q_two.years
                and any(p in f" {' '.join(q_two.tokens)} " for p in _SAME_YEAR)
            ):
                # "... en 2021 ? et X combien la même année ?": the first part's year
                named.append(str(q_one.years[0]))
            second = " ".join([parts[1], *named])
            if not q_two.has("organisation", "project") and set(q_two.tokens) & OTHERS:
                # "..., which others?": the first part's organisation left out, not asked
                second = self._with_context(parts[0], parts[1], lng, today)
            # "..., and which in <another record>": the first question again, not a new one
            elliptic = bool(q_two.mentions) and not self._asks_own(q_two, _ELLIPSIS)
            two = None if elliptic else self._reply(second, lng, today)
            if elliptic and parts[0].rstrip().endswith("?"):
                # "Quelles régions ... ? X aussi ?": the first question's answer, then X in
                # what the first names
                # what the first part names, but a kind of record the second names instead
                # ("... in country A in X? And in B?": B in X, not A too)
                named_first = self._named_words(
                    q_one, frozenset(m.ref.kind for m in q_two.mentions)
                )
                two = self._reply(
                    " ".join([parts[1].rstrip(" ?"), *named_first]) + " ?", lng, today
                )
            # an answer to the whole question stands against a second part not known alone
            # ("..., et dans quelle ville": the place of what the first part asks about)
            weaker = first is not None and first.found and two is not None and not two.found
            # the second part's answer already said by the first's: said once
            repeated = (
                one is not None
                and two is not None
                and all(line in one.lines for line in two.lines if line.strip())
            )
            if repeated and one is not None and one.found and first is not None and not first.found:
                # the second part already answered by the first part's answer: that answer,
                # not the whole question's weaker one
                first = one
            elif one is not None and two is not None and not repeated and not weaker:
                first = _Reply(
                    [*one.lines, "", *two.lines],
                    one.intent,
                    one.found and two.found,
                    [*one.refs, *two.refs],
                )
            if third.strip() and first is not None:
                whole = self._named_words(self._parse(raw, lng, today))
                three = self._reply(f"{third.strip().rstrip(' ?')} {' '.join(whole)} ?", lng, today)
                if three is not None and three.found and three.lines != first.lines:
                    first = _Reply(
                        [*first.lines, "", *three.lines],
                        first.intent,
                        first.found,
                        [*first.refs, *three.refs],
                    )
        followed = self._followed(raw, lng, today)
        if followed is not None and (first is None or first.intent != "unknown"):
            # (the whole known not to be held, an opinion asked: that stands)
            first = followed
        remark = _REMARK_AFTER.match(raw)
        if (first is None or first.intent == "unknown") and remark and _remarks(remark.group(2)):
            # the whole message not understood (neither answered nor known to be missing):
            # its question, without the remark after it
            alone = self._reply(remark.group(1), lng, today)
            if alone is not None and alone.found:
                first, raw = alone, remark.group(1)
        if first is None:
            return replace(self.not_found(lng), asked=raw)
        return Answer(
            html=_fit(first.lines, lng, catalogue=self._w.catalogue),
            found=first.found,
            lang=lng,
            intent=first.intent,
            refs=tuple(dict.fromkeys(first.refs)),
            asked=raw,
        )

    def _followed(self, raw: str, lng: str, today: date) -> _Reply | None:
        """A question, then a follow-up of it in the same message ("le premier c'est quand et
        où ? et le deuxième aussi ?"): both answered, the second read as a follow-up is (the
        first asked again of what it names); None when the message is not so made or either
        part is not known."""
        pieces = [p for p in _QUESTIONS.split(raw.strip()) if p.strip()]
        if len(pieces) != 2 or not pieces[0].rstrip().endswith("?"):
            return None
        if not pieces[1].rstrip().endswith("?") and _remarks(pieces[1]):
            return None  # a remark after the question is not a follow-up
        second = follow_up(self, pieces[0], pieces[1], lng, today)
        if second is None:
            return None
        one, two = self._reply(pieces[0], lng, today), self._reply(second, lng, today)
        if one is None or two is None or not (one.found and two.found) or one.lines == two.lines:
            return None
        return _Reply([*one.lines, "", *two.lines], one.intent, True, [*one.refs, *two.refs])

    def _years_between(self, raw: str, lng: str, today: date) -> _Reply | None:
        """ "How many years between A and B?": each dated by the year it names, else by the
        answer to "when was it?" (about what the whole question names, when it names
        nothing itself); None when either has no year."""
        parts = years_between(raw)
        if parts is None:
            return None
        whole = self._named_words(self._parse(raw, lng, today))
        dated: list[tuple[int, str]] = []
        lines: list[str] = []
        refs: list[str] = []
        for part in parts:
            year = first_year(part)
            if year is None:
                q = self._parse(part, lng, today)
                about = part if q.mentions else f"{part} {' '.join(whole)}"
                ask = self._w.catalogue.raw(lng, "answers.when_was").format(what=about)
                reply = self._reply(ask, lng, today)
                if reply is None or not reply.found:
                    return None
                year = first_year(re.sub(r"<[^>]+>", "", "\n".join(reply.lines)))
                lines.extend(reply.lines[:2])
                refs.extend(reply.refs)
            if year is None:
                return None
            dated.append((year, part))
        (ya, a), (yb, b) = dated
        a = a[:1].upper() + a[1:]
        head = self._w.t("years_between", lng, a=a, b=b, ya=str(ya), yb=str(yb), count=abs(yb - ya))
        return _Reply([_bold(head), *lines], "years_between", refs=refs)

    def question_itself(self, raw: str, lng: str, today: date) -> str:
        """The question without what comes before it (a self-introduction, a preamble, a
        source) nor the closing formula after it, with the context that lends it
        (:mod:`~bot.knowledge.introduction`)."""
        raw = set_aside(raw)
        intro = split_introduction(raw)
        if intro is not None:
            before, question = intro
            more = split_context(question)  # "I am ... . I read that ... . Could you ...?"
            if more is not None:
                before, question = f"{before} {more[0]}", more[1]
            before, question = _from_wish(before, question)
            told = self._with_context(intro[0], question, lng, today)
            return told if told != question else self._lend(before, question, lng, today)
        before, question = split_context(raw) or ("", raw)
        before, question = _from_wish(before, question)
        return self._lend(before, question, lng, today) if before else raw

    def _lend(self, before: str, question: str, lng: str, today: date) -> str:
        """The question, with what the text before it names when the question names
        nothing itself or points back to it ("its", "the project")."""
        q = self._parse(question, lng, today)
        c = self._parse(before, lng, today)
        back = bool(set(q.tokens) & BACK_REFERENCE)
        if q.mentions and not back:
            return question  # the question names what it asks about
        projects = [self.kb.projects[p].short_name for p in c.ids("project")]
        others = [m for m in c.mentions if m.ref.kind != "project"]
        pointed = referent(question, before) if back and not q.mentions else None
        if pointed is None and back and not q.mentions and projects and "actions" not in q.cues:
            # "X plans a gathering in France. What themes is it meant to cover?": "it" is the
            # action the sentence before describes, not the project
            actions = QuestionFacts(self, c).found_actions
            if len(actions) == 1:
                return f"{question.rstrip(' ?')}, {before.strip().rstrip('.')} ?"
        if pointed is not None:
            # "l'action 5 du projet X. ... cette action ... ?": what "cette action" names
            return f"{question.rstrip(' ?')}, {', '.join([pointed, *projects])} ?"
        if back and (q.mentions or not projects):
            # "Could you tell me its title and its theme in the Atlas?", "Who was he?": what
            # "its", "he" stand for, named before (a person named before first: "M. X ...
            # quelle fonction occupe-t-il ?")
            named = self._named_words(c)
            people = self._people.match(c.typed, c.tokens)
            if people is not None and people.by_name:
                # only a name written out ("M. X Y"), not words that look like one
                said = set(c.typed)
                written = [p for p in people.people if set(tokenize(p.name)) <= said]
                named = [p.name for p in written] + named
        else:
            # the project of the sentences before, or the one record they name, or the
            # organisations they name together ("la Ville de X ... avec Y ; ... les montants ?")
            together = 1 < len(others) <= 3 and all(m.ref.kind == "organisation" for m in others)
            named = projects or (
                self._named_words(c)[: len(others)] if len(others) == 1 or together else []
            )
            shared = (
                (set(q.tokens) & set(c.tokens))
                - STOPWORDS
                - set(" ".join(self._named_words(c)).split())
            )
            topic = c.cues.groups & _TOPIC
            if projects and topic and not q.cues.groups & _TOPIC:
                # "Je veux demander la différence entre le taux de cofinancement de X et de Y.
                # Lequel est le plus élevé ?": what the sentence before is about, asked
                return f"{question.rstrip(' ?')}, {before.strip().rstrip('.')} ?"
            if projects and shared:
                # with the project, the term the sentence before is about, when the question
                # takes up its words ("les résultats de l'autodiagnostic X. Quels en sont les
                # principaux résultats ?")
                words = self._named_words(c)
                named = [
                    *named,
                    *(w for m, w in zip(c.mentions, words, strict=True) if m.ref.kind == "term"),
                ]
        return f"{question.rstrip(' ?')}, {', '.join(named)} ?" if named else question

    def _with_context(self, intro: str, question: str, lng: str, today: date) -> str:
        """The question after a self-introduction, with what the introduction tells of the
        asker: their organisation's project when the question names none but speaks of a
        project, and their organisation left out when the question asks about the others."""
        before = self._parse(intro, lng, today)
        orgs = before.ids("organisation")
        q = self._parse(question, lng, today)
        if len(orgs) != 1 or q.ids("organisation"):
            return question
        o = self.kb.organisations[orgs[0]]
        extra: list[str] = []
        projects = [p for p in o.projects if p in self.kb.projects]
        if q.ids("project"):
            pass
        elif before.ids("project"):  # the project the first part names
            extra.extend(self.kb.projects[p].short_name for p in before.ids("project"))
        elif "projects" in q.cues and len(projects) == 1:
            extra.append(self.kb.projects[projects[0]].short_name)
        if set(q.tokens) & OTHERS or set(before.tokens) & OTHERS:
            # "quels autres ...", or "I am from X and I want to know the others"
            extra.append(f"{EXCEPT[lng]} {o.name}")
        if not extra:
            return question
        return f"{question.rstrip(' ?')}, {', '.join(extra)} ?"

    @staticmethod
    def _asks_own(q: _Query, ignore: frozenset[str] = frozenset()) -> bool:
        """Whether a question has words of its own besides names and question words (and
        ``ignore``)."""
        filtered = [t for t in q.tokens if t not in NAME_STOPWORDS]
        named = {t for m in q.mentions for t in filtered[m.start : m.end]}
        return any(
            t not in STOPWORDS and t not in named and t not in _OPEN_QUESTION and t not in ignore
            for t in q.tokens
        )

    @staticmethod
    def _named_words(q: _Query, but: frozenset[str] = frozenset()) -> list[str]:
        """The words naming the records of a question (as matched), but those of the kinds
        ``but``."""
        filtered = [t for t in q.tokens if t not in NAME_STOPWORDS]
        return [" ".join(filtered[m.start : m.end]) for m in q.mentions if m.ref.kind not in but]

    def _reply(self, raw: str, lng: str, today: date) -> _Reply | None:
        """The reply to one question (None: nothing to say)."""
        q = self._parse(raw, lng, today)
        reply = refine(self, q, route(self, QuestionFacts(self, q)))
        if not any(line.strip() for line in reply.lines) or reply.intent == "not_found":
            return None
        if q.named_language and q.named_language != lng:
            reply.lines.extend(self._titles_in(q.named_language, reply, lng))
        # a name read through a spelling correction decides no yes or no
        sure = not any(m.fuzzy for m in q.mentions)
        if q.polar and reply.found and reply.verdict is not None and sure:
            # a yes/no question: yes or no first, on the line that decides it (the other way
            # round for a negative statement to check: "X is not in Y, is that true?")
            k = min(reply.verdict_line, len(reply.lines) - 1)
            key = "verdict_yes" if reply.verdict != q.negated_claim else "verdict_no"
            first = self._w.t(key, lng, line=Safe(reply.lines[k]))
            reply.lines = [first, *reply.lines[:k], *reply.lines[k + 1 :]]
        elif q.polar and reply.found and not q.negated_claim:
            said = html.unescape(re.sub(r"<[^>]+>", "", "\n".join(reply.lines)))
            sentence = denial(raw, said)
            said_already = tuple(
                self._w.t(key, lng, line="").strip() for key in ("verdict_no", "verdict_yes")
            )
            if sentence is not None and not said.lstrip().startswith(said_already):
                no = self._w.t("verdict_no", lng, line=sentence)
                # the deciding sentence is the first line: said once, after "no"
                rest = reply.lines[1:] if said.strip().startswith(sentence) else reply.lines
                reply.lines = [no, *rest]
        return reply

    def _numbered(self, pieces: list[str], lang: str | None, lng: str, today: date) -> Answer:
        """The answers to numbered questions ("1) ... 2) ..."), one after the other, each
        about what the text before them names."""
        context = _SUBJECT_LABEL.sub("", pieces[0]).strip(" .:;")
        lines: list[str] = []
        refs: list[str] = []
        found = True
        for question in pieces[2::2]:
            question = question.strip()
            asked = f"{question.rstrip(' ?')}, {context} ?" if context else question
            reply = self._reply(asked, lng, today)
            if reply is None:
                found = False
                continue
            lines.extend([*([""] if lines else []), *reply.lines])
            refs.extend(reply.refs)
            found = found and reply.found
        if not lines:
            return self.not_found(lng)
        return Answer(
            html=_fit(lines, lng, catalogue=self._w.catalogue),
            found=found,
            lang=lng,
            intent="numbered",
            refs=tuple(dict.fromkeys(refs)),
            asked=" ".join(pieces),
        )

    def _titles_in(self, other: str, reply: _Reply, lng: str) -> list[str]:
        """The titles of the projects and partnerships a reply is about, in the language the
        question names ("the original French wording"), when the reply does not show them."""
        said = html.unescape(" ".join(reply.lines))
        language = Locale(lng).languages.get(other, other)
        lines: list[str] = []
        for ref in dict.fromkeys(reply.refs):
            record = self.kb.get(ref)
            if isinstance(record, (Partnership, Project)):
                title = record.title.get(other)
            elif isinstance(record, Network):
                # "what does RRMA stand for in French": its name and kind in that language
                name = record.name if other == "fr" else (record.name_en or record.name)
                title = f"{name} — {record.network_type.get(other)}"
            elif isinstance(record, Term):
                title = record.term if other == "fr" else (record.term_en or record.term)
            else:
                continue
            if title and title not in said:
                quoted = self._w.quoted(title, lng)
                lines.append(self._w.t("title_in", lng, language=language, title=quoted))
        return lines[:2]

    def projects(self, lang: str, today: date) -> Answer:
        """The list of projects with their dates and status (``/projets``)."""
        lng = _lang(lang)
        return self._wrap(self._r_projects(list(self.kb.projects), lng, today, None), lng)

    def project(self, name: str, lang: str, today: date) -> Answer:
        """One project's card, by any of its names (``/projet NAME``)."""
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
        """A project's actions (``/actions NAME``)."""
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
