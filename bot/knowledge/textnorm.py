"""Text normalisation and language detection for free-text questions.

Everything here is pure and cheap: the answer engine normalises every question once, and
every name of the knowledge base once when it builds its indexes, with the same functions,
so that "Côte d’Ivoire", "cote d'ivoire" and "COTE-D'IVOIRE" all become the same tokens.
"""

from __future__ import annotations

import re

from bot.textfold import compact, fold, normalize, tokens

__all__ = [
    "EN_STOPWORDS",
    "FR_STOPWORDS",
    "STOPWORDS",
    "compact",
    "detect_language",
    "fold",
    "normalize",
    "tokenize",
    "words",
]

# Folding is bot/textfold.py's (one module for the whole bot); re-exported here under the
# names the answer engine uses.
tokenize = tokens


def words(text: str) -> frozenset[str]:
    """The whitespace-separated words of a literal (for word lists)."""
    return frozenset(text.split())


# --- stop words -------------------------------------------------------------------------
# Words that carry no entity: dropped before matching names. Cue words (qui, combien, when,
# members...) are *not* stop words for intent detection, which reads the raw tokens.

FR_STOPWORDS: frozenset[str] = words("""
    a au aux avec ce ces cet cette c ca d dans de des du elle elles en est et etre eux il ils
    j je l la le les leur leurs lui m ma mais me meme mes moi mon n ne ni nos notre nous on ou
    par pas pour qu que qui quoi s sa sans se ses si son sont sur t ta te tes toi ton tu un une
    vos votre vous y sont ete etait etaient sera seront font fait faire peut peux pouvez
    quel quelle quels quelles lequel laquelle lesquels lesquelles dont ceux celles celui celle
    est-ce svp stp merci bonjour salut alors donc aussi tres plus moins bien tout tous toute
    toutes quelque quelques chaque entre chez vers via selon apres avant pendant depuis
    ont a-t-il y-a il-y-a t-il ai as avez avons sais savoir dire dis dites connais connaitre
    moi-meme voudrais veux aimerais svp liste lister donne donner montre montrer indique
    indiquer sil plait aura auront aurait auraient avait avaient serait seraient va vont
    fut furent eu
    kel kels kele kelle kelles ds ya cc slt bjr bsr
    """)

EN_STOPWORDS: frozenset[str] = words("""
    a an and are as at be been being but by can could did do does doing for from had has have
    he her his how i if in into is it its me my no not of on or our out she so some such than
    that the their them then there these they this those to too us was we were what which who
    whom whose why will with would you your yours please thanks thank hi hello hey tell show
    give list about any all each there's what's who's whats whos is-there are-there does-it
    also just only very much many get got know let lets let's me
    """)

STOPWORDS: frozenset[str] = FR_STOPWORDS | EN_STOPWORDS


# --- language detection ------------------------------------------------------------------
# Short texts ("membres ACAL", "COOP'R countries") defeat statistical detectors, so this is a
# weighted vote of very common, unambiguous function and domain words, plus a few spelling
# signals (accents, -tion vs -ment...). Ties go to the hint, then to French.

_FR_WORDS: dict[str, float] = {
    w: 1.0
    for w in words(
        """
    le la les des du de au aux un une est sont et ou qui que quoi quel quelle quels quelles
    combien quand comment pourquoi dans avec pour sur par ce cette ces son sa ses leur leurs
    nous vous je tu il elle ils elles y a-t-il est-ce projet projets membre membres pays
    collectivite collectivites collectivites region regions regional regionale regionaux
    conseil commune communes partenaire partenaires partenariat partenariats financement
    cofinancement cofinance finance financent taux appel date dates debut fin commence
    commencer termine terminee fini finit finie actuellement encore deja heure heures lieu
    ou-a-lieu ville villes regroupement regroupements webinaire webinaires seminaire rencontre
    reunion programme ordre jour signifie signification veut dire sigle acronyme c'est
    c-est cest qu'est-ce quest-ce liste donne-moi montre-moi parle parle-moi presente
    presentation objectif objectifs theme thematique annee annees combien-de aussi tous toutes
    participe participent participants participe-t-il fait-il font-ils sont-ils sont-elles
    francais francaise francaises camerounais camerounaise camerounaises ivoirien ivoirienne
    ivoiriens ivoiriennes marocain marocaine marocains marocaines senegalais senegalaise
    beninois beninoise armenien armenienne malgache malgaches congolais congolaise lesquels
    lesquelles organisation organisations actions quelle-est bonjour salut merci svp
    deux trois quatre cinq six sept huit neuf dix premier premiere deuxieme troisieme
    deuxieme second seconde dernier derniere prochain prochaine
    """
    )
}
_FR_WORDS.update({"est": 1.5, "les": 1.5, "des": 1.5, "quels": 2.0, "quelles": 2.0, "qui": 1.5})

_EN_WORDS: dict[str, float] = {
    w: 1.0
    for w in words(
        """
    the a an is are was were what which who whom whose when where how why does do did of in on
    at to for from with by and or this that these those there their its it project projects
    member members country countries region regions regional council partner partners
    partnership partnerships funding funded funds fund finance financed co-financed cofinanced
    rate call date dates start starts started begin began end ends ended finished finish
    still running ongoing over already yet time times place city gathering gatherings webinar
    webinars seminar meeting meetings programme program agenda schedule mean means meaning
    stand stands acronym tell me list show give many much about objective objectives goal goals
    theme year years participate participates involved take takes part belong belongs both
    french cameroonian cameroonians ivorian ivorians moroccan moroccans senegalese beninese
    armenian malagasy congolese which one ones hello hi thanks please organisation
    organization organisations organizations actions two three four five first second third
    last next all any every each local governments government members have has
    thank you your
    """
    )
}
_EN_WORDS.update({"the": 2.0, "what": 2.0, "which": 2.0, "who": 1.5, "how": 2.0, "is": 1.5})
# keyword queries: "daect full name", "gpmar who hosts", "terress nom complet"
_EN_WORDS.update(
    dict.fromkeys(("full", "name", "names", "hosts", "runs", "rate", "can", "join", "website"), 1.0)
)
_FR_WORDS.update(dict.fromkeys(("nom", "noms", "complet", "heberge", "anime"), 1.0))
# SMS French: "kel", "ki", "koi", "kan", "ds", "cb", "stp", "bjr"
_FR_WORDS.update(dict.fromkeys(("kel", "ki", "koi", "kan", "ds", "cb", "stp", "bjr"), 1.0))

# Words present in both lists cancel out; remove the ones that are genuinely shared so they
# do not count at all (e.g. "a", "programme", "actions", "second", "date").
_SHARED = {w for w in _FR_WORDS if w in _EN_WORDS}
for _w in _SHARED:
    del _FR_WORDS[_w]
    del _EN_WORDS[_w]

_FR_ACCENTS_RE = re.compile(r"[éèêàùâîôûçëïœ]")
_FR_ELISION_RE = re.compile(r"\b(?:l|d|qu|j|n|s|c)['’]\w", re.IGNORECASE)
_EN_CONTRACTION_RE = re.compile(r"\w['’](?:s|t|re|ve|ll|d)\b", re.IGNORECASE)


def _next_word(raw: str, start: int) -> str:
    """The folded word starting at ``start``."""
    m = _WORD_RE.match(raw, start)
    return fold(m.group(0)) if m else ""


# Adjectives both languages share, placed before the noun in English only.
_PRENOMINAL_EN = frozenset({"total", "global", "final", "principal", "annual"})

# Words that look English but are names or shared between the languages in this domain.
_NEUTRAL = frozenset({"coop", "r", "terr", "ess", "action", "atlas", "date", "dates", "projet"})


_WORD_RE = re.compile(r"[^\W\d_]+")

# English words that are also French written without accents, as on a phone ("a" for "à"):
# alone, they are no English evidence against a French reader.
_UNACCENTED_FR = frozenset({"a"})


def detect_language(text: str, hint: str | None = None, names: frozenset[str] = frozenset()) -> str:
    """Return ``"fr"`` or ``"en"`` for a (possibly very short) question.

    ``hint`` (the user's interface language, say) breaks ties, and a French hint wins over words
    that are English only without French accents ("meteo a dakar demain"); French is the default.
    ``names``: folded words of proper names ("cote", "ivoire", "fes"), whose accents and
    elisions say nothing of the question's language ("members excluding Côte d'Ivoire").
    """
    raw = text.casefold()
    score_fr = 0.0
    score_en = 0.0
    if any(_FR_ACCENTS_RE.search(w) and fold(w) not in names for w in _WORD_RE.findall(raw)):
        score_fr += 1.5
    if _FR_ELISION_RE.search(raw):
        # "l'ouest", "qu'est-ce", "d'ivoire" -- but "COOP'R" / "Terr'ESS" are neutral, and so
        # is a name's own elision when ``names`` knows it
        elisions = [
            m.group(0)
            for m in _FR_ELISION_RE.finditer(raw)
            if not re.match(r"(?:p|s)['’]r", m.group(0))
            and _next_word(raw, m.end() - 1) not in names
        ]
        if elisions:
            score_fr += 1.0
    if _EN_CONTRACTION_RE.search(raw) and not re.search(r"(?:coop|terr)['’]", raw):
        score_en += 1.0
    toks = tokenize(text)
    ambiguous_en = 0.0
    for k, tok in enumerate(toks):
        # word order: English puts these adjectives before the noun ("total budget"),
        # French after it ("budget total")
        if tok in _PRENOMINAL_EN:
            nxt = toks[k + 1] if k + 1 < len(toks) else ""
            prev = toks[k - 1] if k > 0 else ""
            if prev in FR_STOPWORDS and prev not in EN_STOPWORDS:
                pass  # "au total", "le total": no word-order signal
            elif nxt.isalpha() and nxt not in STOPWORDS:
                score_en += 1.0
            elif prev.isalpha() and prev not in STOPWORDS:
                score_fr += 1.0
        if tok in _NEUTRAL:
            continue
        score_fr += _FR_WORDS.get(tok, 0.0)
        score_en += _EN_WORDS.get(tok, 0.0)
        if tok in _UNACCENTED_FR:
            ambiguous_en += _EN_WORDS.get(tok, 0.0)
        if tok not in _FR_WORDS and tok not in _EN_WORDS and len(tok) > 4:
            if tok.endswith(("ing", "ship", "ness", "ed")):
                score_en += 0.5
            elif tok.endswith(("eux", "euse", "aux", "ees", "ment", "ique", "ais", "aise")):
                score_fr += 0.5
    if hint == "fr" and score_en - ambiguous_en <= score_fr:
        return "fr"  # no clear English word: the reader's French wins ("meteo a dakar demain")
    if score_en > score_fr:
        return "en"
    if score_fr > score_en:
        return "fr"
    return hint if hint in ("fr", "en") else "fr"
