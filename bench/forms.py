"""``python -m bench forms``: 1,500 organisations each submit a 30-question self-assessment
through the service layer (``FormsService.answer_many``: every answer checked against its
question, written in batches, one transaction per batch), then the coordinators' follow-up.

The application's services (``Services.open``) on a fresh SQLite database and a copy of the
shipped data with synthetic Terr'ESS members up to 1,500 organisations in 10 countries; the
questionnaire mixes every question type (one show_if). Measured: answers stored per second
(from the first batch to the last commit); answers lost (read back from SQLite and compared,
answer by answer, with what was sent); the time of progress by country and results, for all
organisations, together; the time of the export (CSV and XLSX, both).

Last line: ``forms: O organisations, Q answers stored, lost 0, X answers/s, progress Y ms,
export Z s``.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bot.clock import FrozenClock, SystemClock
from bot.forms.models import Form, Question
from bot.i18n import Catalogue
from bot.knowledge.loader import default_data_dir, load_knowledge
from bot.names import Loaded
from bot.render.forms import FormsRenderer
from bot.sender import lazy_sender
from bot.services import Services
from bot.settings import Settings

COUNTRIES = ["bj", "cm", "ci", "ma", "sn", "mg", "cg", "am", "fr", "dj"]
SOURCE = "001_7a5dd49553db473c"
TYPES = ["single", "multiple", "scale", "number", "yes_no", "short_text", "long_text"]


def questionnaire(questions: int) -> str:
    """A TOML questionnaire of ``questions`` questions of every type, in three sections."""
    lines = [
        'id = "bench-autodiag"',
        'project = "terress"',
        "deadline = 2099-12-31",
        'title = { fr = "Banc d\'essai", en = "Bench" }',
        'intro = { fr = "Mesure.", en = "Measure." }',
    ]
    per_section = -(-questions // 3)
    for number in range(questions):
        if number % per_section == 0:
            section = number // per_section
            lines += [
                "",
                "[[section]]",
                f'id = "s{section}"',
                f'title = {{ fr = "S{section}", en = "S{section}" }}',
            ]
        kind = TYPES[number % len(TYPES)]
        lines += ["", "[[section.question]]", f'id = "q{number}"', f'type = "{kind}"']
        lines.append(f'text = {{ fr = "Question {number} ?", en = "Question {number}?" }}')
        if kind in ("single", "multiple"):
            choices = ", ".join(
                f'{{ id = "c{i}", fr = "Choix {i}", en = "Choice {i}" }}' for i in range(5)
            )
            lines.append(f"choices = [{choices}]")
        elif kind == "scale":
            lines += ['low = { fr = "Bas", en = "Low" }', 'high = { fr = "Haut", en = "High" }']
        elif kind == "number":
            lines += ["min = 0", "max = 100000", 'unit = { fr = "agents", en = "staff" }']
        if number == 11:  # shown when the yes/no question q4 is answered yes
            lines.append('show_if = { question = "q4", equals = true }')
    return "\n".join(lines) + "\n"


def data_dir(target: Path, organisations: int, questions: int) -> Path:
    """The shipped data, plus synthetic Terr'ESS members up to ``organisations`` and the bench
    questionnaire in ``forms/``."""
    shutil.copytree(default_data_dir(), target)
    kb = load_knowledge(target)
    shipped = sum(1 for o in kb.members("terress") if o.merged_into is None)
    lines = []
    for index in range(max(0, organisations - shipped)):  # with the shipped ones: exactly N
        lines += [
            "",
            "[[organisation]]",
            f'id = "bench-org-{index}"',
            f'source = ["{SOURCE}"]',
            f'name = "Collectivité {index:04d}"',
            'org_kind = "municipality"',
            f'country = "{COUNTRIES[index % len(COUNTRIES)]}"',
            'projects = ["terress"]',
        ]
    with (target / "organisations.toml").open("a", encoding="utf-8") as file:
        file.write("\n".join(lines) + "\n")
    (target / "forms" / "bench.toml").write_text(questionnaire(questions), encoding="utf-8")
    return target


def answer(question: Question, rng: random.Random, index: int) -> Any:
    kind = question.type
    if kind == "single":
        return rng.choice(question.choices).id
    if kind == "multiple":
        return sorted({rng.choice(question.choices).id for _ in range(3)}, key=lambda c: int(c[1:]))
    if kind == "scale":
        return rng.randint(1, 5)
    if kind == "number":
        return rng.randint(0, 500)
    if kind == "yes_no":
        return rng.random() < 0.7
    if kind == "short_text":
        return f"Réponse courte {index}"
    return f"Une réponse plus longue de l'organisation {index}, sur plusieurs phrases. " * 3


async def run(
    organisations: int, questions: int, batch: int, seed: int, workdir: Path
) -> dict[str, float]:
    data = data_dir(workdir / "data", organisations, questions)
    settings = Settings(storage={"path": workdir / "bench.sqlite3"}, data={"path": data})
    clock = FrozenClock(SystemClock().now())
    async with Services.open(settings, clock=clock, sender=lazy_sender(settings)) as services:
        await services.knowledge.start()
        forms = services.forms
        kb = services.knowledge.kb
        report = await forms.load()
        assert not report.problems, report.problems
        form: Form = forms.form("bench-autodiag")
        rng = random.Random(seed)
        sent: dict[str, dict[str, Any]] = {}
        for index, org in enumerate(forms.organisations(form)):
            answers: dict[str, Any] = {}
            for question in form.questions():  # every question, the show_if one too
                answers[question.id] = answer(question, rng, index)
            sent[org.id] = answers
        items = list(sent.items())
        started = time.perf_counter()
        stored = 0
        for start in range(0, len(items), batch):
            stored += await forms.answer_many(form.id, items[start : start + batch], 1, submit=True)
        elapsed = time.perf_counter() - started
        back = await forms.responses(form.id)
        lost = sum(
            1
            for org_id, answers in sent.items()
            for question_id, value in answers.items()
            if back.get(org_id) is None or back[org_id].answers.get(question_id) != value
        )
        total = sum(len(a) for a in sent.values())
        started = time.perf_counter()
        progress = await forms.followup.progress(form.id)
        results = await forms.followup.results(form.id)
        progress_ms = (time.perf_counter() - started) * 1000
        assert progress.count("done") == len(sent), progress.count("done")
        assert results.done == len(sent)
        render = FormsRenderer(Catalogue.bundled(), Loaded(kb))
        started = time.perf_counter()
        _, rows = await forms.followup.export_rows(form.id)
        csv_data = render.csv_bytes("fr", form, rows)
        xlsx_data = render.xlsx_bytes("fr", form, rows)
        export_s = time.perf_counter() - started
        assert len(rows) == len(sent) and csv_data and xlsx_data
        return {
            "organisations": len(sent),
            "stored": stored,
            "total": total,
            "lost": lost,
            "rate": stored / elapsed if elapsed else 0.0,
            "progress_ms": progress_ms,
            "export_s": export_s,
            "csv_kb": len(csv_data) / 1024,
            "xlsx_kb": len(xlsx_data) / 1024,
        }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench forms", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--organisations", type=int, default=1500)
    parser.add_argument("--questions", type=int, default=30)
    parser.add_argument("--batch", type=int, default=100, help="organisations per transaction")
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    with tempfile.TemporaryDirectory(prefix="coopbot-bench-forms-") as tmp:
        figures = asyncio.run(
            run(args.organisations, args.questions, args.batch, args.seed, Path(tmp))
        )
    print(
        f"files: CSV {figures['csv_kb']:.0f} KB, XLSX {figures['xlsx_kb']:.0f} KB; "
        f"{figures['total']:.0f} answers sent",
        file=sys.stderr,
    )
    print(
        f"forms: {figures['organisations']:.0f} organisations, {figures['stored']:.0f} answers "
        f"stored, lost {figures['lost']:.0f}, {figures['rate']:.0f} answers/s, "
        f"progress {figures['progress_ms']:.0f} ms, export {figures['export_s']:.2f} s"
    )
    return 0 if figures["lost"] == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
