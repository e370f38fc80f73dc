"""Entity recognition over the knowledge base: exact, compact and fuzzy name matching.

The index maps every spelling of every record (names, acronyms, aliases, demonyms, and
derived "core" names: an organisation's name without its generic head, such as the
council's place alone) to a
:class:`Ref`. A question is tokenised, spelling mistakes are corrected against the index's
vocabulary (rapidfuzz, restricted to words of similar length and guarded for short words),
then the longest non-overlapping name occurrences win.

Costs stay flat with the size of the knowledge base: name occurrences are found through a
``token sequence -> names`` dictionary, tried only for the name lengths that start with each
question word; the fuzzy corrector only looks at question words that are unknown, comparing
them to the vocabulary bucket of similar lengths.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from bot.knowledge.sounds import sound_key
from bot.knowledge.textnorm import STOPWORDS, tokenize, words

__all__ = ["NAME_STOPWORDS", "Mention", "NameIndex", "Ref", "name_tokens"]

# Dropped from names and questions before matching: articles, prepositions, elisions.
NAME_STOPWORDS: frozenset[str] = words(
    "de du des la le les l d j n s c m t qu et en au aux a the of and for in on at to"
)

# Strength of a spelling: a full name beats an alias, which beats a derived core name,
# which beats a single distinctive word.
FULL, ALIAS, CORE, WORD = 4, 3, 2, 1


@dataclass(frozen=True, slots=True)
class Ref:
    kind: str  # project, organisation, country, term, network, meeting, partnership, place
    id: str


@dataclass(slots=True)
class Mention:
    ref: Ref
    start: int  # span in the filtered question tokens
    end: int
    strength: int
    via: str  # name, alias, acronym, demonym, core, word, compact
    fuzzy: bool = False

    @property
    def length(self) -> int:
        return self.end - self.start


@dataclass(slots=True)
class _Entry:
    seq: tuple[str, ...]
    ref: Ref
    strength: int
    via: str


def name_tokens(text: str) -> list[str]:
    return [t for t in tokenize(text) if t not in NAME_STOPWORDS]


@dataclass(slots=True)
class Correction:
    original: str
    corrected: str
    score: float


@dataclass
class NameIndex:
    """Spellings -> records. Build with :meth:`add`, then call :meth:`freeze`."""

    _by_seq: dict[tuple[str, ...], list[_Entry]] = field(default_factory=dict)
    _lengths: dict[str, set[int]] = field(default_factory=dict)
    _compact: dict[str, list[_Entry]] = field(default_factory=dict)
    _vocab: set[str] = field(default_factory=set)
    _by_len: dict[int, list[str]] = field(default_factory=dict)
    _by_sound: dict[str, list[str]] = field(default_factory=dict)
    _protected: frozenset[str] = frozenset()
    _seen: set[tuple[tuple[str, ...], Ref]] = field(default_factory=set)
    _exact_only: set[str] = field(default_factory=set)
    _seqs: dict[Ref, list[tuple[str, ...]]] = field(default_factory=dict)

    def add(self, spelling: str, ref: Ref, strength: int, via: str, *, fuzzy: bool = True) -> None:
        """Index one spelling. ``fuzzy=False``: its words are matched as typed only (never
        targets of the spelling corrector, nor corrected themselves)."""
        seq = tuple(name_tokens(spelling))
        if not seq:
            return
        if not fuzzy:
            self._exact_only.update(t for t in seq if t not in self._vocab)
        key = (seq, ref)
        if key in self._seen:
            return
        self._seen.add(key)
        entry = _Entry(seq, ref, strength, via)
        self._by_seq.setdefault(seq, []).append(entry)
        self._seqs.setdefault(ref, []).append(seq)
        self._lengths.setdefault(seq[0], set()).add(len(seq))
        self._vocab.update(seq)
        glued = "".join(tokenize(spelling))
        if (len(seq) > 1 or glued != seq[0]) and len(glued) >= 3 and len(seq) <= 3:
            self._compact.setdefault(glued, []).append(_Entry((glued,), ref, strength, via))
            self._vocab.add(glued)

    def knows(self, glued: str) -> bool:
        """Whether a name glued into one word (``"".join(tokenize(name))``) is indexed."""
        return glued in self._compact or (glued,) in self._by_seq

    def add_tokens(self, tokens: Iterable[str]) -> None:
        """Known words that are not names (cue words): never corrected, fuzzy targets."""
        self._vocab.update(tokens)

    def freeze(self, protected: Iterable[str] = ()) -> None:
        """Build the fuzzy buckets. ``protected`` words are never corrected."""
        self._by_len = {}
        for word in self._vocab:
            if len(word) >= 4 and not word.isdigit() and word not in self._exact_only:
                self._by_len.setdefault(len(word), []).append(word)
        for bucket in self._by_len.values():
            bucket.sort()
        # words written as they sound ("kofinansé", "kel pay"): known words and the grammar's
        # words, by their sound
        self._by_sound = {}
        for word in sorted(self._vocab | STOPWORDS):
            if len(word) >= 3 and word.isalpha() and word not in self._exact_only:
                self._by_sound.setdefault(sound_key(word), []).append(word)
        self._protected = frozenset(protected)
        self._seen = set()

    @property
    def vocabulary(self) -> set[str]:
        return self._vocab

    def has_sequence(self, seq: tuple[str, ...]) -> bool:
        """Whether some spelling already has exactly these (filtered) tokens."""
        return seq in self._by_seq

    # ------------------------------------------------------------------ matching

    def correct(
        self, tokens: list[str], *, by_sound: bool = False
    ) -> tuple[list[str], list[Correction]]:
        """Replace unknown words by the closest known word, when close enough; with
        ``by_sound`` (French written as heard: "kofinansé"), else by the one it sounds like."""
        out: list[str] = []
        fixes: list[Correction] = []
        for tok in tokens:
            if (
                len(tok) < 3
                or tok in self._vocab
                or tok in self._protected
                or tok in NAME_STOPWORDS
                or not tok.isalpha()
                or (tok[-1] in "sx" and (tok[:-1] in self._vocab or tok[:-1] in self._protected))
            ):
                out.append(tok)
                continue
            best = self._closest(tok) if len(tok) >= 4 else None
            if best is None and by_sound:
                best = self._sounding(tok)
            if best is None:
                out.append(tok)
            else:
                out.append(best[0])
                fixes.append(Correction(tok, best[0], best[1]))
        return out, fixes

    def _sounding(self, tok: str) -> tuple[str, float] | None:
        """The known word ``tok`` sounds like, the closest in spelling if several do."""
        # written as heard, a word loses silent letters and rarely gains any: "less" is not
        # what "laisse" sounds like
        alike = [w for w in self._by_sound.get(sound_key(tok), ()) if len(w) >= len(tok) - 1]
        if not alike:
            return None
        word = max(alike, key=lambda w: (fuzz.ratio(tok, w), w))
        return word, float(fuzz.ratio(tok, word))

    def _closest(self, tok: str) -> tuple[str, float] | None:
        n = len(tok)
        # Short words need a near-identical spelling; long ones tolerate two edits.
        cutoff = 90.0 if n <= 5 else 84.0 if n <= 7 else 80.0
        span = 1 if n <= 5 else 2
        best: tuple[str, float] | None = None
        for length in range(max(4, n - span), n + span + 1):
            bucket = self._by_len.get(length)
            if not bucket:
                continue
            hit = process.extractOne(tok, bucket, scorer=fuzz.ratio, score_cutoff=cutoff)
            if hit is None:
                continue
            word, score = hit[0], float(hit[1])
            # A typo rarely hits the first letter of a short word.
            if n <= 6 and word[0] != tok[0]:
                continue
            if best is None or score > best[1]:
                best = (word, score)
        return best

    def find(
        self, tokens: list[str], fuzzy_positions: frozenset[int] = frozenset()
    ) -> list[Mention]:
        """Longest non-overlapping name occurrences in the filtered question tokens.

        Equal spans matched by several records are all returned (ambiguity is resolved by
        the caller, which knows the context).
        """
        candidates: list[Mention] = []
        n = len(tokens)
        for i, tok in enumerate(tokens):
            for m in self._lengths.get(tok, ()):
                if i + m > n:
                    continue
                entries = self._by_seq.get(tuple(tokens[i : i + m]))
                if not entries:
                    continue
                fz = any(p in fuzzy_positions for p in range(i, i + m))
                for entry in entries:
                    candidates.append(Mention(entry.ref, i, i + m, entry.strength, entry.via, fz))
            for width in (1, 2, 3):
                if i + width > n:
                    break
                if width > 1 and any(t in STOPWORDS for t in tokens[i : i + width]):
                    break
                glued = "".join(tokens[i : i + width])
                fz = any(p in fuzzy_positions for p in range(i, i + width))
                for entry in self._compact.get(glued, ()):
                    candidates.append(
                        Mention(entry.ref, i, i + width, entry.strength, "compact", fz)
                    )
                if width > 1:
                    for entry in self._by_seq.get((glued,), ()):
                        candidates.append(
                            Mention(entry.ref, i, i + width, entry.strength, "compact", fz)
                        )
        return _select(candidates + self._extended(candidates, tokens))

    def _extended(self, candidates: list[Mention], tokens: list[str]) -> list[Mention]:
        """A name whose tail is another record's name, the tail written in any of that
        record's spellings (an acronym, an abbreviation): "Atlas" followed by a short form of
        the name the Atlas's full name ends with is the full name."""
        out: list[Mention] = []
        by_start: dict[int, list[Mention]] = {}
        for m in candidates:
            by_start.setdefault(m.start, []).append(m)
        for head in candidates:
            for tail in by_start.get(head.end, ()):
                if tail.ref == head.ref:
                    continue
                for seq in self._seqs.get(tail.ref, ()):
                    whole = (*tokens[head.start : head.end], *seq)
                    for entry in self._by_seq.get(whole, ()):
                        if entry.ref == head.ref:
                            out.append(
                                Mention(
                                    head.ref,
                                    head.start,
                                    tail.end,
                                    entry.strength,
                                    "extended",
                                    head.fuzzy or tail.fuzzy,
                                )
                            )
        return out


def _select(candidates: list[Mention]) -> list[Mention]:
    # A name's core matched over another record's full name ("technique <P>" for "Comité
    # technique <P>" around the project <P> itself) gives way to that full name when the full
    # name is most of its span.
    strong = [c for c in candidates if c.strength >= ALIAS]
    candidates = [
        c
        for c in candidates
        if c.strength > CORE
        or not any(
            s.ref != c.ref
            and c.start <= s.start
            and s.end <= c.end
            and s.length < c.length
            and 2 * s.length >= c.length
            for s in strong
        )
    ]
    # Longest span first, then strongest spelling; ties (same span, same strength) are kept.
    candidates.sort(key=lambda m: (-m.length, -m.strength, m.fuzzy, m.start))
    taken: list[Mention] = []
    used: set[int] = set()
    for cand in candidates:
        span = set(range(cand.start, cand.end))
        if span & used:
            # keep an exact tie of an accepted mention (same span, same strength)
            tie = any(
                t.start == cand.start
                and t.end == cand.end
                and t.strength == cand.strength
                and t.ref != cand.ref
                for t in taken
            )
            if tie and all(t.ref != cand.ref for t in taken):
                taken.append(cand)
            continue
        taken.append(cand)
        used |= span
    taken.sort(key=lambda m: m.start)
    # de-duplicate refs (the same record matched twice: keep the strongest)
    best: dict[Ref, Mention] = {}
    for m in taken:
        if m.ref not in best or m.strength > best[m.ref].strength:
            best[m.ref] = m
    return sorted(best.values(), key=lambda m: m.start)
