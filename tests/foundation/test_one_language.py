"""One language per reply (issue 16): every catalogue entry exists in French and in English,
renders in both, and neither language leaks common words of the other."""

from __future__ import annotations

import re
import string

from bot.i18n import Catalogue

# Words that only one of the two languages uses (none is a proper name, a command or a code).
ENGLISH = {
    "the", "and", "with", "your", "you", "save", "saved", "cancelled", "not", "of", "for",
    "is", "are", "was", "this", "that", "which", "when", "where", "please", "send", "sent",
    "here", "there", "yes", "no", "more", "members", "groups", "days", "hours", "minutes",
    "before", "after", "country", "project", "organisation", "answer", "answered", "times",
    "reloaded", "unchanged", "changed",
}  # fmt: skip
FRENCH = {
    "le", "les", "la", "et", "avec", "votre", "vous", "pour", "est", "sont", "pas", "une",
    "des", "du", "au", "aux", "oui", "non", "membres", "groupes", "jours", "heures", "avant",
    "après", "pays", "projet", "collectivité", "réponse", "enregistrer", "annuler", "rechargées",
    "inchangées",
}  # fmt: skip
# Words both languages write (names, loanwords) that must not count as a leak.
SHARED = {"no", "pas", "des", "la", "le", "est", "are", "more", "minutes", "organisation",
          "pays", "country", "project", "sent", "times", "non", "une", "du", "au"}  # fmt: skip

# Messages written in both languages on purpose: the choice of language itself.
BILINGUAL = {"members.onboarding.language"}

WORD = re.compile(r"[A-Za-zÀ-ÿ']+")
MARKUP = re.compile(r"<[^>]*>|/[a-z_]+|https?://\S+|\{[^}]*\}|<code>.*?</code>")


def words(text: str) -> set[str]:
    return {w.lower().strip("'") for w in WORD.findall(MARKUP.sub(" ", text))}


def filled(catalogue: Catalogue, lang: str, key: str) -> list[str]:
    out = []
    for template in catalogue.forms(lang, key).values():
        names = {n for _, n, _, _ in string.Formatter().parse(template) if n is not None}
        out.append(template.format_map({name: "7" for name in names}))
    return out


def test_every_entry_renders_in_both_languages() -> None:
    catalogue = Catalogue.bundled()
    fr, en = catalogue.ids("fr"), catalogue.ids("en")
    assert fr - en == set(), f"missing in English: {sorted(fr - en)}"
    assert en - fr == set(), f"missing in French: {sorted(en - fr)}"
    for key in fr:
        for lang in ("fr", "en"):
            assert all(text.strip() for text in filled(catalogue, lang, key)), (lang, key)
            for count in (0, 1, 2, 5):
                params = {name: "7" for name in catalogue.placeholders(lang, key)}
                params["count"] = str(count)
                catalogue.t(lang, key, **params)


def test_no_english_in_french_and_no_french_in_english() -> None:
    catalogue = Catalogue.bundled()
    leaks = []
    for key in sorted(catalogue.ids("fr") - BILINGUAL):
        for lang, foreign in (("fr", ENGLISH), ("en", FRENCH)):
            for text in filled(catalogue, lang, key):
                found = (words(text) & foreign) - SHARED
                if found:
                    leaks.append(f"{lang} {key}: {sorted(found)}")
    assert not leaks, "\n".join(leaks)
