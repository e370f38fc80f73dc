"""The query object read from one question, and the small parsers it uses."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, time, timedelta

from bot.knowledge.lexicon import (
    NUMBER_WORDS,
    Cues,
    ordinal_value,
)
from bot.knowledge.matching import (
    NAME_STOPWORDS,
    Mention,
    Ref,
    name_tokens,
)
from bot.knowledge.textnorm import fold, tokenize
from bot.knowledge.vocabulary import vocabulary
from bot.knowledge.words import (
    _ACTION_WORDS,
    _ALL_COUNCILS,
    _CLOCK_RE,
    _COUNCIL_WORDS,
    _EXCLUDE_PAIRS,
    _EXCLUDE_WORDS,
    _EXCLUSION_GAP,
    _FOLLOW_ON,
    _HISTORY_SYNONYMS,
    _KIND_EXPAND,
    _KIND_PHRASES,
    _KIND_VOCABULARY,
    _KIND_WORDS,
    _MONTHS,
    _NEGATION_WORDS,
    _OPEN_QUESTION,
    _ORG_HEADS,
    _ORG_TAILS,
    _POLAR_LEADING,
    _POLAR_OPENERS,
    _POLAR_OPENING,
    _POLAR_PRONOUNS,
    _POLAR_TAILS,
    _REQUEST_WORDS,
    _STATUS_FINISHED,
    _STATUS_ONGOING,
    _STATUS_PLANNED,
    _WHICH_WORDS,
    phrase_list,
)

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
    clock: time | None = None
    loose_kind: bool = False
    excluded: frozenset[Ref] = frozenset()
    ex_orgs: frozenset[str] = frozenset()  # members left out (set by routing)
    ex_countries: frozenset[str] = frozenset()  # countries left out (set by routing)
    ex_projects: tuple[str, ...] = ()  # projects whose members are left out (routing)
    typed: list[str] = field(default_factory=list)  # the tokens before spelling correction
    polar: bool = False  # a yes/no question
    negated_claim: bool = False  # a negative statement to check ("X n'est pas dans Y, vrai ?")
    regions: tuple[int, ...] = ()  # parts of the world named (vocabulary places.regions)
    only: bool = False  # "ne ... que", "only", "seulement": a claim that nothing else is
    named_language: str | None = None  # "the French name", "le titre en anglais": fr, en

    def ids(self, kind: str) -> list[str]:
        out: list[str] = []
        for m in self.mentions:
            if m.ref.kind == kind and m.ref.id not in out:
                out.append(m.ref.id)
        return out

    def has(self, *kinds: str) -> bool:
        return any(m.ref.kind in kinds for m in self.mentions)


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


def _stem(token: str) -> str:
    """Plural folded: "volunteers" -> "volunteer", "échanges" -> "echange"; a few verbs of
    history steps brought to one word ("venu", "came", "visité" -> "visit")."""
    token = _HISTORY_SYNONYMS.get(token, token)
    return token[:-1] if len(token) > 4 and token[-1] in "sx" else token


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


def action_numbers(tokens: list[str]) -> list[int]:
    """Every action number a question names together ("les actions 2 et 3", "actions 1, 2
    and 4", "Action 2 and Action 3"): the first after an action word, and those joined to it
    by "et" / "and" (the action word said again or not)."""
    first = _action_number(tokens)
    if first is None:
        return []
    out = [first]
    for k, tok in enumerate(tokens):
        if tok in _ACTION_WORDS and str(first) in tokens[k + 1 : k + 4]:
            rest = tokens[tokens.index(str(first), k + 1) + 1 :]
            for t in rest:
                # "les actions 2 et 3", "Action 2 and Action 3", "l'action 2 et l'action 3"
                if t in ("et", "and", "&", "l") or t in _ACTION_WORDS:
                    continue
                if t.isdigit() and len(t) <= 2 and int(t) not in out:
                    out.append(int(t))
                    continue
                break
            break
    return out


def _ordinal(tokens: list[str]) -> int | None:
    for k, tok in enumerate(tokens):
        val = ordinal_value(tok)
        if val is not None:
            if (k > 0 and tokens[k - 1] == "en") or (k == len(tokens) - 1 and not tok[0].isdigit()):
                continue
            nxt = tokens[k + 1] if k + 1 < len(tokens) else ""
            if nxt in _MONTHS or nxt in _ACTION_WORDS:
                continue
            return val
    return None


def _triggers(tokens: list[str], keep: list[int], *, negations: bool = True) -> frozenset[int]:
    """Positions (in the filtered stream ``keep`` maps to ``tokens``) of the words that
    exclude what follows: "sauf", "except", "not", "pas", "à part" (not "take part", nor
    "la part de" a funder), the second word of "other than" / "autres que". Without
    ``negations`` (a yes/no question: "X is not part of Y, is that true?" asks about Y),
    "not" and "pas" exclude nothing."""
    out: set[int] = set()
    for j, k in enumerate(keep):
        tok = tokens[k]
        prev = tokens[k - 1] if k > 0 else ""
        negation = negations and tok in _NEGATION_WORDS
        if tok == "part":
            if prev == "a":
                out.add(j)
        elif tok in _EXCLUDE_WORDS or negation or (prev, tok) in _EXCLUDE_PAIRS:
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
    return frozenset(found)


def _status_filter(q: _Query) -> str | None:
    """The status a list of projects is filtered by (ongoing, finished, planned), if any."""
    toks = set(q.tokens)
    joined = " " + " ".join(q.tokens) + " "
    if toks & _STATUS_ONGOING or " en cours " in joined:
        return "ongoing"
    if toks & _STATUS_FINISHED:
        return "finished"
    if toks & _STATUS_PLANNED:
        return "planned"
    return None


_INVERTED = re.compile(
    r"\w-(?:t-)?(?:" + "|".join(sorted(_POLAR_PRONOUNS)) + r")\b|\best[- ]ce qu", re.IGNORECASE
)


def _negated_claim(raw: str, tokens: list[str]) -> bool:
    """Whether a yes/no question checks a negative statement: said, then asked about ("X
    n'est pas membre de Y, c'est vrai ?", "Is it true that X is not in Y?", "Confirm that X
    is not ..."), not a negative question ("N'est-il pas membre ?", "Isn't X in Y?")."""
    rest = [t for t in _asked_part(raw, tokens)[1] if t]
    while rest and rest[0] in _POLAR_LEADING:
        rest = rest[1:]
    said = " ".join(rest)
    statement = (
        any(said.endswith(" " + t) for t in _POLAR_TAILS)
        or any(said.startswith(p + " ") for p in _POLAR_OPENING)
        or said.startswith(("is it true that ", "is it correct that ", "confirm that "))
        or bool(rest and rest[0] in ("confirm", "confirmez"))
    )
    # the statement's own words: without a tail such as "ou pas", "or not"
    for t in _POLAR_TAILS:
        if said.endswith(" " + t):
            said = said[: -len(t) - 1]
            break
    return statement and bool(set(said.split()) & (_NEGATION_WORDS - {"non"}))


_ONLY_WORDS = frozenset(vocabulary().word_list("only").split())
# "ne concerne que", "n'a que", "n'y a-t-il que": French restriction
_NE_QUE = re.compile(r"\b(?:ne|n['’])\s*[\w-]+(?:\s+[\w-]+)?\s+qu(?:e\b|['’])", re.IGNORECASE)


def _only(raw: str, tokens: list[str]) -> bool:
    """Whether the question claims that nothing else is ("le projet ne concerne que des
    collectivités africaines", "only African members", "seulement la DAECT")."""
    return bool(set(tokens) & _ONLY_WORDS) or bool(_NE_QUE.search(raw))


def _asked_part(raw: str, tokens: list[str]) -> tuple[str, list[str]]:
    """The question up to its last question mark, when a remark follows it ("X is not in Y,
    right? The announcement says ..."): what is asked, not the remark."""
    end = raw.rfind("?")
    if end < 0 or not tokenize(raw[end + 1 :]):
        return raw, tokens
    asked = raw[: end + 1]
    return asked, tokenize(asked)


# a yes/no question asked indirectly: "savoir si", "dire si", "know whether", "tell me if"
_INDIRECT = re.compile(
    r"\b(?:savoir|dire|demander|indiquer|preciser|confirmer|know|tell me|wonder|wondering|"
    r"ask|asking|confirm)\s+(?:si|s|if|whether)\b"
)


# the tails that hold a question word ("correct what?", Singapore and Malaysia's English)
_ASKING_TAILS = tuple(t for t in _POLAR_TAILS if set(t.split()) & _OPEN_QUESTION)


def _polar(raw: str, tokens: list[str]) -> bool:
    """Whether the question asks yes or no: an English auxiliary first ("does", "is there"),
    or a French inverted verb or "est-ce que", without a question word ("quand", "which")."""
    raw, tokens = _asked_part(raw, tokens)
    sentences = [p for p in re.split(r"(?<=[.!])\s+", raw.strip()) if p.strip()]
    if len(sentences) > 1 and "?" in sentences[-1]:
        # "On dit que X finance 75 %. Confirmez-vous ce chiffre ?": the last sentence asks
        last = sentences[-1]
        if _polar(last, tokenize(last)):
            return True
    rest = [t for t in tokens if t]
    while rest and rest[0] in _POLAR_LEADING:
        rest = rest[1:]
    if not rest or rest[0] in ("que", "qu"):
        return False
    words_ = set(rest) - {"que", "qu", "ou"}
    if any(" ".join(rest).endswith(" " + t) for t in _ASKING_TAILS):
        return True  # "X is co-financed 75 %, correct what?": its question word is the tail's
    if words_ & _OPEN_QUESTION or "où" in raw.casefold():
        return False
    if rest[0] == "ou":  # "ou" opening a question is "où" written without its accent
        return False
    # "X est dans le projet ou pas ?": a yes/no question said by its end
    tail = " ".join(rest)
    if any(tail.startswith(p + " ") for p in _POLAR_OPENING):
        return True  # "Est-ce vrai que X ?": a statement to check
    if _INDIRECT.search(tail):
        return True  # "je voudrais savoir si X", "could you tell me whether X"
    if any(tail == t or tail.endswith(" " + t) for t in _POLAR_TAILS):
        return True
    # "le conseil X il est dans ... ?": the subject taken up by a pronoun after it (not the
    # "il y a" of what there is)
    if raw.rstrip().endswith("?") and any(
        t in _POLAR_PRONOUNS and t != "on" and rest[k + 1 : k + 2] != ["y"]
        for k, t in enumerate(rest[2:], start=2)
    ):
        return True
    if raw.rstrip().endswith("?") and _NE_QUE.search(raw):
        return True  # "X ne concerne que des collectivités africaines ?": a claim to check
    return rest[0] in _POLAR_OPENERS or bool(_INVERTED.search(raw))


_AND = re.compile(r"(?:,\s*|\s+)(?:et|and|puis|then)\s+", re.IGNORECASE)


def split_question(raw: str) -> tuple[str, str] | None:
    """Two questions joined by "et" / "and" ("combien de pays, et sur quelle période ?",
    "which started first, and when?"): the part after the conjunction opens with a question
    word (or is one), and the part before asks something itself."""
    for m in _AND.finditer(raw):
        head, tail = raw[: m.start()].strip(), raw[m.end() :].strip()
        tail_tokens = [t for t in re.findall(r"[^\W_]+", tail.casefold()) if t]
        if not tail_tokens or not head:
            continue
        opener = [fold(t) for t in tail_tokens[:3]]
        if not set(opener) & _OPEN_QUESTION - {"que", "qu", "ou"}:
            continue
        asks = {fold(t) for t in tail_tokens} & _OPEN_QUESTION
        own = [fold(t) for t in tail_tokens if fold(t) not in _OPEN_QUESTION]
        if not own and asks <= _WHICH_WORDS:
            continue  # "combien et lesquels": which ones of what the first part asks about
        head_tokens = [fold(t) for t in re.findall(r"[^\W_]+", head.casefold())]
        if not set(head_tokens) & _OPEN_QUESTION and not _polar(head, head_tokens):
            continue
        return head, tail
    # two questions one after the other ("X participe-t-il ? Quels sont les autres ?")
    nxt = _NEXT_QUESTION.search(raw)
    if nxt is not None:
        head, tail = raw[: nxt.end()].strip(), raw[nxt.end() :].strip()
        head_tokens = [fold(t) for t in re.findall(r"[^\W_]+", head.casefold())]
        tail_tokens = [fold(t) for t in re.findall(r"[^\W_]+", tail.casefold())]
        asks_head = bool(set(head_tokens) & (_OPEN_QUESTION | _REQUEST_WORDS)) or _polar(
            head, head_tokens
        )
        # "... ? Par ailleurs, à quelle heure ...", "... ? et la ville de X combien ?": a
        # second question after words that open it (dropped), its question word anywhere
        lead = 0
        while lead < len(tail_tokens) and tail_tokens[lead] in _FOLLOW_ON:
            lead += 1
        # "ou" is "où" only opening a question ("plus ou moins que X ?" asks nothing new)
        asks_tail = set(tail_tokens[lead:]) & (_OPEN_QUESTION - {"ou", "que", "qu"}) or (
            tail_tokens[lead : lead + 1] in (["ou"], ["que"], ["qu"])
        )
        opens = set(tail_tokens[:3]) & (_OPEN_QUESTION - {"ou"}) or tail_tokens[:1] == ["ou"]
        # "... ? Sinon donnez-moi celles de chaque projet.": a request, its own question
        requests = bool(set(tail_tokens[lead:]) & _REQUEST_WORDS)
        if lead and (tail.endswith("?") or requests) and asks_head and (asks_tail or requests):
            words_ = re.findall(r"[^\W_]+", tail)
            cut = tail.find(words_[lead - 1]) + len(words_[lead - 1])
            return head, tail[cut:].lstrip(" ,;:").strip()
        if tail.endswith("?") and opens and asks_head:
            return head, tail
        if lead and lead < len(tail_tokens) and tail.endswith("?") and head.endswith("?"):
            # "Action 0 de X ? Et l'action 3 ?": the same question of another thing
            words_ = re.findall(r"[^\W_]+", tail)
            cut = tail.find(words_[lead - 1]) + len(words_[lead - 1])
            return head, tail[cut:].lstrip(" ,;:").strip()
        # "Quelles régions participent ? X aussi ?": a name asked about after the question
        if tail.endswith("?") and asks_head and set(tail_tokens) & _ALSO:
            return head, tail
    return None


_ALSO = frozenset({"aussi", "egalement", "also", "too", "as", "well"})


_NEXT_QUESTION = re.compile(r"\?+\s+(?=\S)")


_CARDINALS = {
    word: int(value)
    for word, _, value in (p.partition(":") for p in vocabulary().word_list("cardinals").split())
}
_NOT_COUNTED = frozenset({"action", "actions", "article", "articles"})
_NOT_MEMBERS = frozenset(
    {"pays", "countries", "country", "ans", "annees", "years", "year", "mois", "months"}
)


def claimed_countries(raw: str) -> int | None:
    """The number of countries a question states ("collectivités de huit pays", "spans 8
    countries"), in the part asked; None when it states none."""
    tokens = [fold(t) for t in tokenize(raw.split("?", 1)[0])]
    for k, tok in enumerate(tokens[:-1]):
        if tokens[k + 1] in ("pays", "countries", "country"):
            if tok.isdigit() and len(tok) <= 3:
                return int(tok)
            if tok in _CARDINALS:
                return _CARDINALS[tok]
    return None


_COUNT_ONE, _COUNT_MOST, _COUNT_FEWEST = (
    phrase_list("count_one"),
    phrase_list("count_most"),
    phrase_list("count_fewest"),
)


def count_per_country(raw: str) -> str | int | None:
    """The number of members per country a question asks for ("quel pays n'a qu'un seul
    membre ?": 1; "which country has the most members?": "most"; "the fewest": "fewest"; "in
    which countries does P have three members?": 3), else None."""
    asked = raw.split("?", 1)[0]
    text = " " + " ".join(fold(t) for t in tokenize(asked)) + " "
    if any(p in text for p in _COUNT_MOST):
        return "most"
    if any(p in text for p in _COUNT_FEWEST):
        return "fewest"
    if any(p in text for p in _COUNT_ONE):
        return 1
    return claimed_number(raw)


def claimed_number(raw: str) -> int | None:
    """The number a yes/no question states ("six conseils", "3 councils"; in its first
    sentence asked, not in a remark after it), not a year nor the number of an action; None
    when it states none."""
    asked = raw.split("?", 1)[0]
    tokens = [fold(t) for t in tokenize(asked)]
    for k, tok in enumerate(tokens):
        before = tokens[k - 1] if k else ""
        after = tokens[k + 1] if k + 1 < len(tokens) else ""
        if before in _NOT_COUNTED or after in _NOT_MEMBERS:
            continue  # "action 3"; "eight countries", "three years": not a number of members
        if tok.isdigit() and len(tok) <= 3:
            return int(tok)
        if tok in _CARDINALS:
            return _CARDINALS[tok]
    return None
