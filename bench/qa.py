"""Question-answering bench: score of the question set, latency, memory at Atlas scale.

``python -m bench qa [--repeat N] [--orgs N] [--partnerships N] [--seed N] [-v]``

``python -m bench qa --heldout blind11 [--heldout blind10 ...]`` scores only those held-out
files as the bot replies, lists each failure with the reply, and prints the totals by language
and the unanswerable questions answered confidently (nothing else is run).

1. Scores tests/qa/questions.toml and every blind round (questions_blind*.toml) against the
   real ``data/``; then each held-out round (heldout_*.toml) twice: the records' engine alone,
   and as the bot replies (the records, else the documents' passages), with how many
   unanswerable questions got a confident answer.
2. Times every question answered in-process on the real data (p50/p95/max).
3. Generates a knowledge base the size of the whole Atlas of decentralised cooperation
   (5,000 organisations, 12,000 partnerships by default) with the same pydantic models,
   plausible names and a fixed seed, merged with the real data, then times the question
   set again over it and reads the process's resident memory (VmRSS) with it loaded.

4. Generates 200 documents of about five pages each (Atlas-like records and meeting notes,
   with the real notes of ``data/documents``), indexes their passages in a temporary SQLite
   database and times the passage search for every question of the set.

The last line is ``qa: N/M correct, p95 X ms (data), Y ms (atlas scale), RSS Z MB, passages
p95 W ms (200 docs)``. Targets: p95 < 20 ms at Atlas scale and for passages, RSS < 200 MB.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import random
import re
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from babel import Locale
from babel.core import get_global

from bot.knowledge.answer import Answer, Answerer
from bot.knowledge.documents import Document, read_documents
from bot.knowledge.loader import default_data_dir, load_knowledge
from bot.knowledge.models import (
    Country,
    FundingLine,
    KnowledgeBase,
    Organisation,
    PartialDate,
    Partnership,
    PartnershipTheme,
    Text,
)
from bot.knowledge.qa_eval import (
    QACase,
    check_answer,
    default_questions_path,
    load_questions,
    plain_text,
)
from bot.knowledge.textnorm import tokenize

if TYPE_CHECKING:
    from bot.questions import KnowledgeService

ATLAS_SOURCE = "003_e7cc6b8c17906ae0"  # the Atlas record the real partnership comes from

# ------------------------------------------------------------------ synthetic Atlas


def _split(text: str) -> list[str]:
    return text.split()


_SYLLABLES_FR = _split(
    "ber bon bour bri cha cham chau cour dam fon gen gor gre lan lau leu lor mar mau mon "
    "mor nan neu pon rau ril roc ros sau sen ser tau ter thon tour val van vau vel ver vil "
    "vin"
)
_SUFFIX_FR = _split("ac ay ville court mont vaux lieu ignac ans elle ières ois ange eux")
_TAILS_FR = _split(
    "sur-Loire sur-Mer en-Provence les-Bains sur-Saône le-Château la-Forêt de-Bretagne "
    "en-Vexin sur-Marne"
)
_SYLLABLES_WORLD = _split(
    "ka ba ma ta na sa la ko lo mo no so to be de ke le ne se te bu du gu ku mu nu ru su "
    "ti ri ni di gi zi ya wa fa ha ja tsa nga mba ndo kou sou tou bou"
)

_FR_KINDS = ("municipality", "municipality", "municipality", "departmental_council", "region")
_WORLD_KINDS = ("municipality", "municipality", "region", "provincial_council", "municipal_council")
_FR_PREFIX = {
    "municipality": "Ville de",
    "departmental_council": "Département de",
    "region": "Région",
}
_WORLD_PREFIX = {
    "municipality": "Commune de",
    "region": "Région de",
    "provincial_council": "Province de",
    "municipal_council": "Conseil municipal de",
}

_THEMES: list[tuple[str, str, list[tuple[str, str]]]] = [
    (
        "Environnement, Climat et Energie",
        "Environment, climate and energy",
        [
            ("Gestion des déchets", "Waste management"),
            ("Transition énergétique", "Energy transition"),
            (
                "Protection / Gestion de l'environnement / Biodiversité",
                "Environment / biodiversity",
            ),
        ],
    ),
    (
        "Eau et assainissement",
        "Water and sanitation",
        [("Accès à l'eau potable", "Drinking water"), ("Assainissement", "Sanitation")],
    ),
    (
        "Culture, patrimoine et tourisme",
        "Culture, heritage and tourism",
        [("Patrimoine", "Heritage"), ("Tourisme durable", "Sustainable tourism")],
    ),
    (
        "Développement économique",
        "Economic development",
        [
            ("Agriculture et sécurité alimentaire", "Agriculture and food security"),
            ("Artisanat", "Crafts"),
        ],
    ),
    (
        "Éducation, jeunesse et formation",
        "Education, youth and training",
        [
            ("Mobilité des jeunes", "Youth mobility"),
            ("Formation professionnelle", "Vocational training"),
        ],
    ),
    (
        "Santé et action sociale",
        "Health and social action",
        [("Accès aux soins", "Access to healthcare"), ("Action sociale", "Social action")],
    ),
    (
        "Politique, humanitaire et coopération transfrontalière",
        "Policy, humanitarian and cross-border cooperation",
        [
            (
                "Gouvernance locale et appui institutionnel",
                "Local governance and institutional support",
            )
        ],
    ),
]
_TITLE_VERBS = [
    ("Appui à", "Support for"),
    ("Coopération pour", "Cooperation for"),
    ("Renforcement de", "Strengthening"),
    ("Programme conjoint :", "Joint programme:"),
    ("Partenariat pour", "Partnership for"),
]


def _word(rng: random.Random, syllables: Sequence[str], lo: int, hi: int) -> str:
    return "".join(rng.choice(syllables) for _ in range(rng.randint(lo, hi)))


def _unique_place(rng: random.Random, french: bool, taken: set[str], reserved: set[str]) -> str:
    while True:
        if french:
            base = _word(rng, _SYLLABLES_FR, 1, 2) + rng.choice(_SUFFIX_FR)
            base = base.capitalize()
            roll = rng.random()
            if roll < 0.15:
                base = f"Saint-{base}"
            elif roll < 0.3:
                base = f"{base}-{rng.choice(_TAILS_FR)}"
        else:
            base = _word(rng, _SYLLABLES_WORLD, 2, 4).capitalize()
        key = base.casefold()
        toks = tokenize(base)
        if key in taken or any(t in reserved for t in toks):
            continue
        taken.add(key)
        return base


def generate_atlas(
    base: KnowledgeBase, n_orgs: int = 5000, n_partnerships: int = 12000, seed: int = 20170717
) -> KnowledgeBase:
    """The real knowledge base plus an Atlas-sized synthetic population (deterministic)."""
    rng = random.Random(seed)
    kb = KnowledgeBase(
        countries=dict(base.countries),
        projects=dict(base.projects),
        organisations=dict(base.organisations),
        actions=dict(base.actions),
        terms=dict(base.terms),
        partnerships=dict(base.partnerships),
        networks=dict(base.networks),
        meetings=dict(base.meetings),
    )
    # every word of the real data is reserved, so generated names never shadow real ones
    reserved: set[str] = set()
    for record in base.records():
        for name in record.names():
            reserved.update(tokenize(name))
    for c in base.countries.values():
        for name in c.all_names():
            reserved.update(tokenize(name))

    # foreign countries: real ISO codes and names, with a valid IANA zone each
    zones = get_global("territory_zones")
    fr_names, en_names = Locale("fr").territories, Locale("en").territories
    codes = sorted(
        code
        for code in zones
        if len(code) == 2 and code.isalpha() and code in fr_names and code in en_names
    )
    foreign_codes = [c.lower() for c in rng.sample(codes, 70) if c != "FR"]
    for code in foreign_codes:
        if code in kb.countries:
            continue
        zone = zones[code.upper()][0]
        try:
            kb.countries[code] = Country(
                id=code,
                name=Text(fr=fr_names[code.upper()], en=en_names[code.upper()]),
                timezones=[zone],
                source=[ATLAS_SOURCE],
            )
        except ValueError:
            continue
    foreign_codes = [c for c in foreign_codes if c in kb.countries and c != "fr"]

    taken: set[str] = set()
    french_ids: list[str] = []
    foreign_ids: list[str] = []
    for n in range(n_orgs):
        french = n % 2 == 0
        place = _unique_place(rng, french, taken, reserved)
        kind = rng.choice(_FR_KINDS if french else _WORLD_KINDS)
        prefix = (_FR_PREFIX if french else _WORLD_PREFIX)[kind]
        oid = f"atlas-org-{n:05d}"
        kb.organisations[oid] = Organisation(
            id=oid,
            name=f"{prefix} {place}",
            org_kind=kind,  # type: ignore[arg-type]
            country="fr" if french else rng.choice(foreign_codes),
            aliases=[place],
            source=[ATLAS_SOURCE],
        )
        (french_ids if french else foreign_ids).append(oid)

    # Identical immutable values (theme labels, funder names) are shared between records,
    # as a loader interning repeated Atlas values would do; amounts, years, titles are not.
    shared_texts: dict[tuple[str, str], Text] = {}
    shared_themes: dict[tuple[str, str], PartnershipTheme] = {}

    def text(fr: str, en: str) -> Text:
        key = (fr, en)
        if key not in shared_texts:
            shared_texts[key] = Text(fr=fr, en=en)
        return shared_texts[key]

    for n in range(n_partnerships):
        fr_id, world_id = rng.choice(french_ids), rng.choice(foreign_ids)
        theme_fr, theme_en, subs = rng.choice(_THEMES)
        sub_fr, sub_en = rng.choice(subs)
        if (theme_fr, sub_fr) not in shared_themes:
            shared_themes[(theme_fr, sub_fr)] = PartnershipTheme(
                theme=text(theme_fr, theme_en), sub_theme=text(sub_fr, sub_en)
            )
        verb_fr, verb_en = rng.choice(_TITLE_VERBS)
        a = kb.organisations[fr_id].aliases[0]
        b = kb.organisations[world_id].aliases[0]
        start = rng.randint(1995, 2023)
        years = list(range(start, min(start + rng.randint(1, 3), 2025) + 1))
        funding = [
            FundingLine(
                funder=text(label_fr, label_en),
                funder_ref=ref,
                amount_eur=rng.randrange(1000, 60000, 7),
                year=year,
            )
            for year in years
            for label_fr, label_en, ref in (
                (
                    "Ministère de l'Europe et des Affaires étrangères",
                    "Ministry for Europe and Foreign Affairs",
                    "meae",
                ),
                (a, a, fr_id),
            )
            if rng.random() < 0.9
        ]
        pid = f"atlas-partnership-{n:05d}"
        kb.partnerships[pid] = Partnership(
            id=pid,
            title=Text(
                fr=f"{verb_fr} {sub_fr.lower()} à {a} et {b}",
                en=f"{verb_en} {sub_en.lower()} in {a} and {b}",
            ),
            french_partners=[fr_id],
            foreign_partners=[world_id],
            theme=shared_themes[(theme_fr, sub_fr)],
            first_agreement_year=start - rng.randint(0, 5),
            start_year=start,
            end_date=PartialDate(year=years[-1], month=12, day=31),
            triennial=len(years) == 3,
            funding=funding,
            record_of="atlas",
            source=[ATLAS_SOURCE],
        )
    return kb


# ------------------------------------------------------------------ measuring


def rss_mb() -> float:
    """Resident memory of this process, in MB (VmRSS; max RSS where /proc is missing)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return 0.0
    k = max(0, min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1))))
    return ordered[k]


def time_questions(answerer: Answerer, cases: list[QACase], repeat: int) -> list[float]:
    """Per-answer latencies in milliseconds (every question, ``repeat`` times)."""
    for case in cases:  # warm-up: lazy caches, first-call costs
        answerer.answer(case.q, None, case.today)
    samples: list[float] = []
    for _ in range(repeat):
        for case in cases:
            t0 = time.perf_counter()
            answerer.answer(case.q, None, case.today)
            samples.append((time.perf_counter() - t0) * 1000)
    return samples


def score(answerer: Answerer, cases: list[QACase], verbose: bool) -> int:
    ok = 0
    for case in cases:
        ans = answerer.answer(case.q, None, case.today)
        problems = check_answer(case, ans)
        if problems:
            if verbose:
                print(f"  FAIL {case.q!r} ({ans.intent}): {'; '.join(problems)}")
                print("       " + plain_text(ans.html)[:300].replace("\n", "\n       "))
        else:
            ok += 1
    return ok


@asynccontextmanager
async def _knowledge_over(docs: Sequence[Document]) -> AsyncIterator[KnowledgeService]:
    """The bot's knowledge service (``Services.open`` on a fresh database, as every bench)
    with ``docs`` indexed as the documents' passages."""
    from bot.clock import SystemClock
    from bot.sender import lazy_sender
    from bot.services import Services
    from bot.settings import Settings

    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(
            telegram={"token": "1:x"}, storage={"path": Path(tmp) / "passages.sqlite3"}
        )
        clock = SystemClock()
        async with Services.open(settings, clock=clock, sender=lazy_sender(settings)) as services:
            await services.knowledge.index_documents(docs)
            yield services.knowledge


async def _with_documents(
    answerer: Answerer, docs: list[Document], cases: list[QACase]
) -> list[Answer]:
    async with _knowledge_over(docs) as knowledge:
        return [
            await knowledge.complete(case.q, answerer.answer(case.q, None, case.today))
            for case in cases
        ]


def answers_with_documents(
    answerer: Answerer, docs: list[Document], cases: list[QACase]
) -> list[Answer]:
    """What the bot replies (:meth:`bot.questions.KnowledgeService.reply`): the records'
    answer, else the documents' passages."""
    return asyncio.run(_with_documents(answerer, docs, cases))


def generate_documents(
    real: Sequence[Document], n_docs: int, seed: int, pages: int = 5
) -> list[Document]:
    """``n_docs`` Markdown documents of about ``pages`` pages (3,000 characters a page): the
    real notes, then generated records and minutes with plausible words and a fixed seed."""
    rng = random.Random(seed)
    vocab = sorted({w for doc in real for w in re.findall(r"[^\W\d_]{4,}", doc.text)})
    docs = list(real)
    while len(docs) < n_docs:
        k = len(docs)
        place = _word(rng, _SYLLABLES_WORLD, 2, 4).capitalize()
        city = _word(rng, _SYLLABLES_FR, 2, 3).capitalize()
        lines = [f"# Compte rendu {k} : partenariat {city} – {place}", ""]
        size = 0
        section = 0
        while size < pages * 3000:
            section += 1
            lines += [f"## Section {section} : {rng.choice(vocab)} et {rng.choice(vocab)}", ""]
            for _ in range(rng.randint(2, 5)):
                sentences = []
                for _ in range(rng.randint(2, 5)):
                    words = [rng.choice(vocab) for _ in range(rng.randint(8, 20))]
                    words[rng.randrange(len(words))] = rng.choice((city, place))
                    sentences.append(" ".join(words).capitalize() + ".")
                paragraph = " ".join(sentences)
                lines += [paragraph, ""]
                size += len(paragraph)
        docs.append(Document(f"gen-{k:04d}.md", lines[0][2:], "\n".join(lines[1:])))
    return docs


async def _time_passages(docs: list[Document], cases: list[QACase], repeat: int) -> list[float]:
    async with _knowledge_over(docs) as knowledge:
        for case in cases:  # warm-up
            await knowledge.search_passages(case.q)
        samples: list[float] = []
        for _ in range(repeat):
            for case in cases:
                t0 = time.perf_counter()
                await knowledge.search_passages(case.q)
                samples.append((time.perf_counter() - t0) * 1000)
        return samples


def time_passages(docs: list[Document], cases: list[QACase], repeat: int) -> list[float]:
    """Per-search latencies in milliseconds over the documents' passages in SQLite."""
    return asyncio.run(_time_passages(docs, cases, repeat))


def _heldout_path(name: str) -> Path:
    path = Path(name)
    if path.exists():
        return path
    stem = name if name.startswith("heldout_") else f"heldout_{name}"
    return default_questions_path().parent / f"{stem.removesuffix('.toml')}.toml"


def score_heldout(names: list[str], data: Path) -> None:
    """Score held-out files as the bot replies (records, else passages) and list failures,
    with the totals by language and the unanswerable questions answered confidently."""
    answerer = Answerer(load_knowledge(data))
    real_docs, _problems, _files = read_documents(data)
    for name in names:
        path = _heldout_path(name)
        held = load_questions(path)
        replies = answers_with_documents(answerer, real_docs, held)
        by_lang: dict[str, list[int]] = {}
        ok = wrong = 0
        for case, ans in zip(held, replies, strict=True):
            problems = check_answer(case, ans)
            tally = by_lang.setdefault(case.lang or "?", [0, 0])
            tally[1] += 1
            if not problems:
                ok += 1
                tally[0] += 1
                continue
            if not case.found and ans.found:
                wrong += 1
            print(f"  FAIL {case.q!r} ({ans.intent}): {'; '.join(problems)}")
            print("       " + plain_text(ans.html)[:400].replace("\n", "\n       "))
        unanswerable = sum(1 for case in held if not case.found)
        langs = ", ".join(f"{lang} {n}/{total}" for lang, (n, total) in sorted(by_lang.items()))
        print(
            f"held out {path.stem}: {ok}/{len(held)} correct ({langs}); "
            f"{wrong}/{unanswerable} unanswerable answered confidently"
        )


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench qa", description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=5, help="timing rounds over the set")
    parser.add_argument("--orgs", type=int, default=5000)
    parser.add_argument("--partnerships", type=int, default=12000)
    parser.add_argument("--seed", type=int, default=20170717)
    parser.add_argument("--docs", type=int, default=200, help="documents for the passage search")
    parser.add_argument("--data", type=Path, default=None, help="data directory")
    parser.add_argument("-v", "--verbose", action="store_true", help="print failures")
    parser.add_argument(
        "--heldout",
        action="append",
        metavar="NAME",
        help="score only this held-out file (e.g. blind10; repeatable), print its failures, stop",
    )
    args = parser.parse_args(sys.argv[1:])
    if args.heldout:
        score_heldout(args.heldout, args.data or default_data_dir())
        return

    cases = load_questions()
    kb = load_knowledge(args.data or default_data_dir())
    t0 = time.perf_counter()
    answerer = Answerer(kb)
    build_ms = (time.perf_counter() - t0) * 1000
    correct = score(answerer, cases, args.verbose)
    print(f"question set: {correct}/{len(cases)} correct ({100 * correct / len(cases):.1f}%)")
    # Held-out rounds (tests/qa/heldout_*.toml): written blind, scored here, not yet tuned on.
    # Scored twice: the records' engine alone, and the bot's reply (records, else passages).
    real_docs, _problems, _files = read_documents(args.data or default_data_dir())
    for path in sorted(default_questions_path().parent.glob("heldout_*.toml")):
        held = load_questions(path)
        held_ok = score(answerer, held, args.verbose)
        wrong = sum(
            1 for case in held if not case.found and answerer.answer(case.q, None, case.today).found
        )
        replies = answers_with_documents(answerer, real_docs, held)
        bot_ok = sum(
            1 for case, ans in zip(held, replies, strict=True) if not check_answer(case, ans)
        )
        bot_wrong = sum(
            1 for case, ans in zip(held, replies, strict=True) if not case.found and ans.found
        )
        if args.verbose:
            for case, ans in zip(held, replies, strict=True):
                if problems := check_answer(case, ans):
                    print(f"  BOT FAIL {case.q!r} ({ans.intent}): {'; '.join(problems)}")
        unanswerable = sum(1 for case in held if not case.found)
        print(
            f"held out {path.stem}: {held_ok}/{len(held)} correct; unanswerable answered "
            f"confidently {wrong}/{unanswerable}; with the documents {bot_ok}/{len(held)} "
            f"correct, {bot_wrong}/{unanswerable} confidently wrong"
        )
    data_times = time_questions(answerer, cases, args.repeat)
    p95_data = _percentile(data_times, 95)
    print(
        f"real data: {len(kb.organisations)} organisations, {len(kb.partnerships)} "
        f"partnerships; index built in {build_ms:.0f} ms; latency p50 "
        f"{statistics.median(data_times):.2f} ms, p95 {p95_data:.2f} ms, "
        f"max {max(data_times):.2f} ms ({len(data_times)} answers)"
    )

    t0 = time.perf_counter()
    atlas = generate_atlas(kb, args.orgs, args.partnerships, args.seed)
    gen_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    big = Answerer(atlas)
    big_build_s = time.perf_counter() - t0
    gc.collect()
    atlas_correct = score(big, cases, False)
    atlas_times = time_questions(big, cases, args.repeat)
    p95_atlas = _percentile(atlas_times, 95)
    rss = rss_mb()
    print(
        f"atlas scale: {len(atlas.organisations)} organisations, {len(atlas.partnerships)} "
        f"partnerships, {len(atlas.countries)} countries (generated in {gen_s:.1f} s, "
        f"index built in {big_build_s:.1f} s); latency p50 "
        f"{statistics.median(atlas_times):.2f} ms, p95 {p95_atlas:.2f} ms, "
        f"max {max(atlas_times):.2f} ms; question set {atlas_correct}/{len(cases)} correct"
    )
    print(f"resident memory with the atlas-scale base loaded: {rss:.0f} MB")

    t0 = time.perf_counter()
    docs = generate_documents(real_docs, args.docs, args.seed)
    gen_docs_s = time.perf_counter() - t0
    passage_times = time_passages(docs, cases, max(1, args.repeat // 2))
    p95_passages = _percentile(passage_times, 95)
    chars = sum(len(d.text) for d in docs)
    print(
        f"passages: {len(docs)} documents, {chars / 1e6:.1f} M characters (generated in "
        f"{gen_docs_s:.1f} s); search latency p50 {statistics.median(passage_times):.2f} ms, "
        f"p95 {p95_passages:.2f} ms, max {max(passage_times):.2f} ms "
        f"({len(passage_times)} searches)"
    )
    print(
        f"qa: {correct}/{len(cases)} correct, p95 {p95_data:.1f} ms (data), "
        f"{p95_atlas:.1f} ms (atlas scale), RSS {rss:.0f} MB, "
        f"passages p95 {p95_passages:.1f} ms ({len(docs)} docs)"
    )


if __name__ == "__main__":
    main()
