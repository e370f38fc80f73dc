"""Realistic synthetic Atlas rows, for tests and benchmarks (the real Atlas cannot be
downloaded here).

The first row is always the one real record the bot knows, Dijon – Chefchaouen, encoded by
hand in ``data/partnerships.toml`` (:func:`real_rows`); the others are drawn, reproducibly
from a seed, with the Atlas's proportions in mind: a few French local governments and one or
two foreign partners per partnership, one to three themes, about 2.5 funding lines.
Foreign countries are those of ``data/countries.toml`` (France excepted).
"""

from __future__ import annotations

import csv
import io
import random
from collections.abc import Iterator
from pathlib import Path

from bot.exchange.atlas_csv import COLUMNS
from bot.exchange.themes import HOME, Vocabulary, vocabulary
from bot.knowledge.models import KnowledgeBase, Organisation

# org_kind of the knowledge base -> kind of local government of the Atlas.
KIND_OF_ORG = {
    "region": "region",
    "regional_council": "region",
    "departmental_council": "department",
    "community_of_municipalities": "intercommunal",
    "intercommunal_grouping": "intercommunal",
    "association_of_municipalities": "intercommunal",
}

_REGIONS = [
    "Région Bourgogne-Franche-Comté",
    "Région Bretagne",
    "Région Grand Est",
    "Région Hauts-de-France",
    "Région Île-de-France",
    "Région Normandie",
    "Région Nouvelle-Aquitaine",
    "Région Occitanie",
    "Région Pays de la Loire",
    "Région Auvergne-Rhône-Alpes",
    "Région Centre-Val de Loire",
    "Région Sud",
]
_DEPARTMENTS = [
    "Ain",
    "Ardèche",
    "Aude",
    "Côtes-d'Armor",
    "Dordogne",
    "Drôme",
    "Essonne",
    "Finistère",
    "Gironde",
    "Hérault",
    "Ille-et-Vilaine",
    "Isère",
    "Landes",
    "Loire-Atlantique",
    "Lot",
    "Maine-et-Loire",
    "Nord",
    "Puy-de-Dôme",
    "Savoie",
    "Seine-Saint-Denis",
    "Val-de-Marne",
    "Vienne",
    "Yvelines",
    "Gers",
]
_TOWNS = [
    "Angers",
    "Besançon",
    "Brest",
    "Chambéry",
    "Dijon",
    "Grenoble",
    "Lille",
    "Limoges",
    "Lorient",
    "Lyon",
    "Metz",
    "Montpellier",
    "Nancy",
    "Nantes",
    "Niort",
    "Orléans",
    "Poitiers",
    "Rennes",
    "Romans-sur-Isère",
    "Rouen",
    "Saint-Brieuc",
    "Strasbourg",
    "Toulouse",
    "Tours",
    "Valence",
    "Villeurbanne",
    "Vannes",
    "Cergy",
    "Évry",
    "Pessac",
]
_SYLLABLES = [
    "ba",
    "ko",
    "ndi",
    "sa",
    "lou",
    "ma",
    "dou",
    "ka",
    "ti",
    "ga",
    "ye",
    "mbo",
    "ra",
    "fa",
    "zi",
    "nou",
    "ta",
    "bé",
    "go",
    "ké",
]
_FUNDERS = [
    "Ministère de l'Europe et des Affaires étrangères",
    "Agence française de développement",
    "Union européenne",
    "Agence de l'eau",
    "Collectivités et partenaires étrangers",
]


def _french(rng: random.Random) -> tuple[str, str]:
    draw = rng.random()
    if draw < 0.2:
        return rng.choice(_REGIONS), "region"
    if draw < 0.4:
        return f"Département {rng.choice(_DEPARTMENTS)}", "department"
    if draw < 0.55:
        return f"Communauté d'agglomération de {rng.choice(_TOWNS)}", "intercommunal"
    return rng.choice(_TOWNS), "municipality"


def _foreign_name(rng: random.Random) -> str:
    word = "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 3)))
    return f"Commune de {word.capitalize()}"


def _org_name(org: Organisation) -> str:
    return org.aliases[0] if org.aliases else org.name


def real_rows(kb: KnowledgeBase) -> list[list[str]]:
    """The Atlas records of ``data/partnerships.toml`` (Dijon – Chefchaouen), as CSV rows."""
    rows: list[list[str]] = []
    for p in kb.partnerships.values():
        if p.record_of != "atlas":
            continue
        french = []
        for oid in p.french_partners:
            org = kb.organisations[oid]
            french.append(f"{KIND_OF_ORG.get(org.org_kind, 'municipality')}:{_org_name(org)}")
        foreign = [
            f"{kb.organisations[oid].country}:{_org_name(kb.organisations[oid])}"
            for oid in p.foreign_partners
        ]
        themes = [
            f"{t.theme.fr}>{t.sub_theme.fr}" if t.sub_theme else t.theme.fr
            for t in [p.theme, *sorted(p.other_themes, key=lambda t: t.priority or 0)]
        ]
        funding = [f"{f.funder.fr}:{f.year}:{f.amount_eur}" for f in p.funding]
        rows.append(
            [
                f"atlas-{p.id}",
                p.title.fr,
                ";".join(french),
                ";".join(foreign),
                ";".join(themes),
                str(p.first_agreement_year or ""),
                str(p.start_year or ""),
                str(p.end_date.year if p.end_date else ""),
                p.recorded_status or "En cours",
                p.form.fr if p.form else "Projet de coopération décentralisée",
                ";".join(funding),
            ]
        )
    return rows


def synthetic_rows(
    count: int, kb: KnowledgeBase, *, seed: int = 18, words: Vocabulary | None = None
) -> Iterator[list[str]]:
    """``count`` rows: the real ones first, then drawn ones (ids ``syn-000001``...)."""
    words = words or vocabulary()
    rng = random.Random(seed)
    real = real_rows(kb)
    yield from real[:count]
    countries = sorted(c for c in kb.countries if c != HOME)
    for n in range(1, count - len(real[:count]) + 1):
        country = rng.choice(countries)
        foreign = [f"{country}:{_foreign_name(rng)}"]
        if rng.random() < 0.15:
            foreign.append(f"{rng.choice(countries)}:{_foreign_name(rng)}")
        french_partners = {_french(rng) for _ in range(1 if rng.random() < 0.7 else 2)}
        french = [f"{kind}:{name}" for name, kind in sorted(french_partners)]
        themes = []
        for theme in rng.sample(words.themes, rng.choice((1, 1, 2, 2, 3))):
            sub = rng.choice(theme.sub_themes)
            themes.append(f"{theme.fr}>{sub.fr}")
        start = rng.randint(1995, 2025)
        end = start + rng.randint(1, 6)
        first = start - rng.randint(0, 8)
        status = "Terminé" if end < 2025 else rng.choice(("En cours", "En cours", "En projet"))
        funding = []
        for _ in range(rng.choice((1, 2, 2, 3, 3, 4))):
            year = rng.randint(start, end)
            funding.append(f"{rng.choice(_FUNDERS)}:{year}:{rng.randrange(1_000, 150_000, 50)}")
        subject = words.theme_label(*words.theme_exactly(themes[0].split(">")[1]) or ("", ""), "fr")
        yield [
            f"syn-{n:06d}",
            f"{subject} – coopération n° {n}",
            ";".join(french),
            ";".join(foreign),
            ";".join(themes),
            str(first),
            str(start),
            str(end),
            status,
            rng.choice(words.forms),
            ";".join(funding),
        ]


def synthetic_csv(count: int, kb: KnowledgeBase, *, seed: int = 18) -> bytes:
    """A whole Atlas CSV file of ``count`` partnerships (header included)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows(synthetic_rows(count, kb, seed=seed))
    return out.getvalue().encode("utf-8")


def write_synthetic(path: Path, count: int, kb: KnowledgeBase, *, seed: int = 18) -> None:
    path.write_bytes(synthetic_csv(count, kb, seed=seed))
