"""The forms service and its follow-up on the running bot's database: an invalid file changes
nothing stored, an edited questionnaire keeps the answers it can and says which it dropped,
sending needs every required answer, reminders (by hand once a day, automatic 7 days and 1 day
before the deadline) go to the focal points of organisations not done."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from babel.dates import format_date

from bot.clock import FrozenClock
from bot.forms.answers import AnswerRefused
from bot.forms.service import DONE, IN_PROGRESS, FormsError
from bot.sandbox import Sandbox
from bot.services import Services
from tests.conftest import ALICE
from tests.forms.conftest import DAVID, ORG, TERRESS, plain
from tests.forms.test_files import GOOD

pytestmark = pytest.mark.usefixtures("focal")


async def stored(services: Services, form_id: str) -> tuple[str, dict[str, object]]:
    (row,) = [s for s in await services.forms.repo.stored_forms() if s.id == form_id]
    answers = (await services.forms.repo.responses(form_id)).get(ORG)
    return row.definition, dict(answers.answers) if answers else {}


async def test_an_invalid_file_changes_nothing_stored(services: Services, tmp_path: Path) -> None:
    folder = tmp_path / "forms"
    folder.mkdir()
    (folder / "test.toml").write_text(GOOD, encoding="utf-8")
    report = await services.forms.load(folder)
    assert report.loaded == ["test-form"] and not report.problems
    await services.forms.answer_button(ALICE, "test-form", ORG, "kind", "a")
    await services.forms.answer_text(ALICE, "test-form", ORG, "count", "12")
    before = await stored(services, "test-form")
    # The coordinator breaks the file (a number question whose bounds cross) and removes a
    # question at the same time: the file is refused whole.
    broken = GOOD.replace("max = 50", "max = -1").replace('id = "name"', 'id = "nom"')
    (folder / "test.toml").write_text(broken, encoding="utf-8")
    report = await services.forms.load(folder)
    assert [str(p) for p in report.problems] == [
        "test.toml [test-form/count]: min (0) must be below max (-1)"
    ]
    assert report.updated == [] and report.dropped == {}
    assert await stored(services, "test-form") == before
    assert services.forms.form("test-form").question("count") is not None


async def test_an_edited_questionnaire_keeps_the_answers_it_can(
    services: Services, tmp_path: Path
) -> None:
    folder = tmp_path / "forms"
    folder.mkdir()
    (folder / "test.toml").write_text(GOOD, encoding="utf-8")
    await services.forms.load(folder)
    for question, raw in (("count", None), ("name", "ACAL"), ("score", "4")):
        if question == "count":
            await services.forms.answer_button(ALICE, "test-form", ORG, "kind", "b")
            continue
        await services.forms.answer_text(DAVID, "test-form", ORG, question, raw)
    # The edit removes "name" and the choice "b" that was answered; "score" is untouched.
    edited = GOOD.replace(
        '{ id = "b", fr = "Bêta", en = "Beta" },', '{ id = "c", fr = "Gamma", en = "Gamma" },'
    )
    start = edited.index('[[section.question]]\nid = "name"')
    end = edited.index('[[section.question]]\nid = "score"')
    (folder / "test.toml").write_text(edited[:start] + edited[end:], encoding="utf-8")
    report = await services.forms.load(folder)
    assert report.updated == ["test-form"]
    dropped = {(d.question_id, d.reason, d.organisations) for d in report.dropped["test-form"]}
    assert dropped == {("name", "removed", 1), ("kind", "invalid", 1)}
    _, answers = await stored(services, "test-form")
    assert answers == {"score": 4}
    # Loading the same file again is a no-op.
    again = await services.forms.load(folder)
    assert again.unchanged == ["test-form"] and again.dropped == {}


async def test_a_questionnaire_no_file_holds_is_withdrawn_its_answers_kept(
    services: Services, tmp_path: Path
) -> None:
    """A file whose id changed (or deleted): the stored questionnaire is no longer offered,
    its answers stay in the database; a file with a problem keeps its stored version."""
    folder = tmp_path / "forms"
    folder.mkdir()
    (folder / "test.toml").write_text(GOOD, encoding="utf-8")
    await services.forms.load(folder)
    await services.forms.answer_text(ALICE, "test-form", ORG, "name", "ACAL")
    (folder / "test.toml").write_text(GOOD.replace("max = 50", "max = -1"), encoding="utf-8")
    report = await services.forms.load(folder)
    assert report.problems and "test-form" not in report.withdrawn
    assert services.forms.form("test-form")  # refused file: the stored version stays
    (folder / "test.toml").write_text(GOOD.replace('"test-form"', '"new-form"'), "utf-8")
    report = await services.forms.load(folder)
    assert report.loaded == ["new-form"] and "test-form" in report.withdrawn
    assert "test-form" not in services.forms.forms and services.forms.find("test-form") is None
    with pytest.raises(FormsError):
        await services.forms.answer_text(ALICE, "test-form", ORG, "name", "Autre")
    assert (await services.forms.responses("test-form"))[ORG].answers == {"name": "ACAL"}


async def test_sending_needs_every_required_answer_and_reopening_until_the_deadline(
    services: Services, clock: FrozenClock
) -> None:
    forms = services.forms
    with pytest.raises(FormsError) as refused:
        await forms.submit(ALICE, TERRESS, ORG)
    assert refused.value.key == "forms.error.missing"
    await forms.answer_many(TERRESS, [(ORG, complete(forms.form(TERRESS)))], ALICE)
    draft = await forms.submit(DAVID, TERRESS, ORG)
    assert draft.status == DONE
    with pytest.raises(FormsError) as refused:
        await forms.answer_text(ALICE, TERRESS, ORG, "forces", "Encore")
    assert refused.value.key == "forms.error.sent"
    assert (await forms.reopen(ALICE, TERRESS, ORG)).status == IN_PROGRESS
    await forms.answer_text(ALICE, TERRESS, ORG, "forces", "Encore")
    clock.advance(timedelta(days=30))  # after the deadline: closed
    with pytest.raises(FormsError) as refused:
        await forms.answer_text(ALICE, TERRESS, ORG, "forces", "Trop tard")
    assert refused.value.key == "forms.error.closed"
    assert (await forms.draft(TERRESS, ORG)).answers["forces"] == "Encore"


async def test_a_batch_with_one_bad_answer_writes_nothing(services: Services) -> None:
    with pytest.raises(AnswerRefused):
        await services.forms.answer_many(
            TERRESS, [(ORG, {"forces": "Bien"}), ("cd-bambey", {"maturite": 9})]
        )
    assert await services.db.fetchval("SELECT COUNT(*) FROM form_answers") == 0


async def test_reminders_by_hand_once_a_day_and_automatic_before_the_deadline(
    services: Services, sandbox: Sandbox, clock: FrozenClock
) -> None:
    followup = services.forms.followup
    nudged = await followup.nudge(TERRESS)
    # ACAL's two focal points; the other organisations have no focal point the bot knows.
    assert (nudged.organisations, nudged.members) == (1, 2)
    assert nudged.unreachable == 30
    again = await followup.nudge(TERRESS)
    assert (again.organisations, again.recent) == (0, 1)
    await services.delivery.wait_idle()
    (reminder,) = [m for m in sandbox.sent_messages(ALICE) if "pas encore commencé" in plain(m)]
    assert (
        reminder["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == f"fm:open:{TERRESS}"
    )
    clock.advance(timedelta(days=1, minutes=1))
    assert (await followup.nudge(TERRESS)).organisations == 1  # a day later: again
    # Automatic: 7 days before the deadline, then 1 day before, to those not done.
    deadline = services.forms.deadline_at(services.forms.form(TERRESS))
    names = services.scheduler.names("forms:remind:")
    assert f"forms:remind:{TERRESS}:7" in names and f"forms:remind:{TERRESS}:1" in names
    await services.forms.answer_text(ALICE, TERRESS, ORG, "forces", "Un début")
    clock.set(deadline - timedelta(days=7))
    await services.scheduler.run_due()
    await services.delivery.wait_idle()
    started = [m for m in sandbox.sent_messages(DAVID) if "1 réponse sur" in plain(m)]
    assert len(started) == 1
    assert await services.forms.repo.reminded(TERRESS, "auto-7") == {ORG}
    complete_answers = complete(services.forms.form(TERRESS))
    await services.forms.answer_many(TERRESS, [(ORG, complete_answers)], ALICE, submit=True)
    clock.set(deadline - timedelta(days=1))
    await services.scheduler.run_due()
    assert await services.forms.repo.reminded(TERRESS, "auto-1") == set()  # ACAL is done


async def test_progress_and_results(services: Services) -> None:
    forms = services.forms
    form = forms.form(TERRESS)
    answers = complete(form)
    await forms.answer_many(TERRESS, [(ORG, answers)], ALICE, submit=True)
    await forms.answer_many(TERRESS, [("cd-bambey", {"maturite": 2})], None)
    progress = await forms.followup.progress(TERRESS)
    assert (progress.count("done"), progress.count("in_progress")) == (1, 1)
    assert progress.count("not_started") == progress.organisations - 2
    (bambey,) = [
        o for orgs in progress.by_country.values() for o in orgs if o.organisation.id == "cd-bambey"
    ]
    assert (bambey.answered, bambey.total) == (1, 15)  # show_if questions hidden
    results = await forms.followup.results(TERRESS)
    maturite = next(r for r in results.questions if r.question.id == "maturite")
    assert maturite.answered == 1 and maturite.mean == 3  # drafts do not count
    texts = next(r for r in results.questions if r.question.id == "forces").texts
    assert [(org.id, text) for org, text in texts] == [(ORG, "Réponse")]


async def test_forgetting_a_person_keeps_the_organisations_answers(services: Services) -> None:
    await services.forms.answer_text(ALICE, TERRESS, ORG, "forces", "Un tissu actif")
    exported = await services.forms.personal_data(ALICE)
    assert exported == {
        "answers_given": [{"questionnaire": TERRESS, "organisation": ORG, "answers": 1}]
    }
    await services.forms.forget_person(ALICE)
    assert await services.forms.personal_data(ALICE) is None
    assert (await services.forms.draft(TERRESS, ORG)).answers == {"forces": "Un tissu actif"}


def complete(form: object) -> dict[str, object]:
    """Every required question shown, answered (show_if followed)."""
    from bot.forms.models import Form

    assert isinstance(form, Form)
    answers: dict[str, object] = {}
    while missing := [q for q in form.visible(answers) if not q.optional and q.id not in answers]:
        answers.update({q.id: _valid(q) for q in missing})
    return answers


def _valid(question: object) -> object:
    from bot.forms.models import Question

    assert isinstance(question, Question)
    return {
        "single": lambda: question.choices[0].id,
        "multiple": lambda: [question.choices[0].id],
        "scale": lambda: 3,
        "number": lambda: question.min or 0,
        "yes_no": lambda: False,
        "short_text": lambda: "Réponse",
        "long_text": lambda: "Réponse",
    }[question.type]()


async def test_a_new_deadline_has_its_own_reminders_and_the_file_wins_once_it_changes(
    services: Services, sandbox: Sandbox, clock: FrozenClock
) -> None:
    forms = services.forms
    file_deadline = forms.form(TERRESS).deadline
    clock.set(forms.deadline_at(forms.form(TERRESS)) - timedelta(days=7))
    await services.scheduler.run_due()
    assert await forms.repo.reminded(TERRESS, "auto-7") == {ORG}
    # The questionnaire closes; a coordinator gives it a month more.
    clock.advance(timedelta(days=8))
    assert not forms.is_open(forms.form(TERRESS))
    with pytest.raises(FormsError) as refused:
        await forms.set_deadline(TERRESS, (clock.now() - timedelta(days=3)).date().isoformat())
    assert refused.value.key == "forms.error.deadline_past"
    with pytest.raises(FormsError) as refused:
        await forms.set_deadline(TERRESS, "pas une date")
    assert refused.value.key == "forms.error.deadline_bad"
    new_day = (clock.now() + timedelta(days=30)).date()
    form = await forms.set_deadline(TERRESS, new_day.isoformat(), ALICE)
    assert form.deadline == new_day and forms.is_open(form)
    # The answer to a free-text question says the same as the command (the new deadline).
    assert form.action is not None
    assert services.knowledge.kb.deadlines[form.action] == new_day
    said = await services.knowledge.reply("What is Action 1 of Terr'ESS?", "en")
    assert format_date(new_day, "d MMMM y", locale="en") in said.html, said.html
    await services.knowledge.load(force=True)  # a reload of the files (/recharger) ...
    await forms.load()  # ... reloads the questionnaires too: the coordinator's day stays
    assert services.knowledge.kb.deadlines[form.action] == new_day
    # Its reminder 7 days before is sent, though the old deadline's was.
    clock.set(forms.deadline_at(form) - timedelta(days=7))
    await services.scheduler.run_due()
    await services.delivery.wait_idle()
    reminded = await forms.repo.reminded(
        TERRESS, "auto-7", forms.deadline_at(form) - timedelta(days=8)
    )
    assert reminded == {ORG}
    # A load keeps it while the file keeps its deadline...
    await forms.load()
    assert forms.form(TERRESS).deadline == new_day
    # ...and the file wins once it changes its own.
    assert forms.folder is not None
    path = forms.folder / "terress-autodiagnostic.toml"
    own = new_day + timedelta(days=3)
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            f"deadline = {file_deadline.isoformat()}", f"deadline = {own.isoformat()}"
        ),
        encoding="utf-8",
    )
    await forms.load()
    assert forms.form(TERRESS).deadline == own
    assert await forms.repo.deadlines() == {}
    assert services.knowledge.kb.deadlines[form.action] == own
