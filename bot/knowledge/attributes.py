"""The attribute a question asks for ("where", "when was it founded", "how much in euros").

A table, not rules: each attribute has the words and phrases that ask for it, per language
(folded, as :func:`bot.knowledge.textnorm.tokenize` gives them), and optionally words one of
which must also be there ("créé" asks for a founding date only next to "quand", "année"...).
:func:`asked` returns the attributes a question asks for, most specific first. Which
records hold which attribute is decided in :mod:`bot.knowledge.gaps`.

To teach the bot a new way of asking, add a word or a phrase to the right row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.knowledge.textnorm import tokenize, words

__all__ = ["ATTRIBUTES", "AttributeCue", "asked"]


@dataclass(frozen=True, slots=True)
class AttributeCue:
    name: str
    words: frozenset[str]  # any of these tokens asks for the attribute
    phrases: tuple[str, ...] = ()  # or any of these (folded, space-separated) phrases
    needs: frozenset[str] = frozenset()  # and one of these tokens, when not empty
    raw: str = ""  # or this regular expression on the question as typed


def _cue(
    name: str, fr: str, en: str, phrases: str = "", needs: str = "", raw: str = ""
) -> AttributeCue:
    return AttributeCue(
        name,
        words(f"{fr} {en}"),
        tuple(" ".join(tokenize(p)) for p in phrases.split("|") if p.strip()),
        words(needs),
        raw,
    )


_WHEN = "quand when annee year annees years date depuis since"

ATTRIBUTES: tuple[AttributeCue, ...] = (
    _cue(
        "expansion",
        "signifie signification acronyme",
        "acronym abbreviation",
        "veut dire|veux dire|stand for|stands for|short for|nom complet|full name|en entier|"
        "in full|sigle de|developpe le sigle",
    ),
    _cue(
        "website",
        "",
        "website websites url",
        "site web|site internet|web site|page web|webpage|adresse du site|lien du site",
    ),
    _cue(
        "founded",
        "fonde fondee fondes fondees fondation creation",
        "founded foundation established",
        "date de creation|year of creation|depuis quand existe|since when does|set up",
    ),
    _cue(
        "founded_when",
        "cree creee crees creees",
        "created",
        needs=_WHEN,
    ),
    _cue(
        "amount",
        "euros argent cout coute coutent couts",
        "euro eur money cost costs",
        "combien d argent|how much money|en euros|in euros|how much did|how much has|"
        "how much have|combien a verse|combien a donne|combien ont verse|how much funding|"
        "combien de financement|cb de financement|quel montant|what amount",
        raw=r"€",
    ),
    _cue(
        "attendance",
        "",
        "attendees",
        "combien de personnes|combien de participants|cb de personnes|cb de participants|"
        "nombre de participants|nombre de personnes|how many people|how many participants|"
        "how many persons|number of participants|number of people|combien de gens|"
        "combien etaient|how many attended|how many came",
    ),
    _cue(
        "next_date",
        "prochaine prochain prochaines prochains suivante suivant",
        "next following upcoming",
        needs="reunion reunions rencontre rencontres meeting meetings edition session sessions "
        "seance assemblee",
    ),
    _cue(
        "contact",
        "email courriel mail telephone portable",
        "phone e-mail",
        "adresse mail|adresse e mail|adresse email|numero de tel|numero de telephone|num de tel|"
        "son tel|le tel|tel de|"
        "phone number|email address|e mail address|contact details|coordonnees",
    ),
    _cue("population", "population habitants", "inhabitants"),
    _cue(
        "deadline",
        "echeance",
        "deadline",
        "date limite|date butoir|jusqu a quand peut on|last day to|closing date",
    ),
    _cue("ceiling", "plafond plafonds", "ceiling", "montant maximum|maximum amount"),
    _cue(
        "month",
        "",
        "",
        "quel mois|quelle date exacte|date exacte|date precise|which month|what month|"
        "exact date|what day|quel jour",
    ),
    _cue(
        "link",
        "lien liens url",
        "link links",
        needs="rejoindre join joining visio whatsapp zoom inscription register",
    ),
    _cue(
        "venue",
        "salle",
        "venue",
        "lieu exact|lieu precis|adresse exacte|exact venue|exact place|exact address|"
        "exact location|quelle salle|which room",
    ),
    _cue(
        "count",
        "",
        "",
        "how many|combien de|cb de|nombre de|number of",
    ),
    _cue("city", "ville villes", "city cities town towns"),
    _cue(
        "place",
        "endroit",
        "where",
        "dans quel pays|in which country|in what country|a quel endroit|se passe ou|a lieu ou|"
        "c est ou|se tient ou|se deroule ou|aura lieu ou",
        raw=r"(?<!\w)où(?!\w)",
    ),
)


def asked(question: str, tokens: list[str] | None = None) -> list[str]:
    """The attributes ``question`` asks for (names from :data:`ATTRIBUTES`, in its order;
    ``founded_when`` is reported as ``founded``)."""
    toks = tokens if tokens is not None else tokenize(question)
    present = set(toks)
    joined = f" {' '.join(toks)} "
    out: list[str] = []
    for cue in ATTRIBUTES:
        hit = bool(present & cue.words) or any(f" {p} " in joined for p in cue.phrases)
        hit = hit or bool(cue.raw and re.search(cue.raw, question, re.IGNORECASE))
        if hit and (not cue.needs or present & cue.needs):
            name = "founded" if cue.name == "founded_when" else cue.name
            if name not in out:
                out.append(name)
    return out
