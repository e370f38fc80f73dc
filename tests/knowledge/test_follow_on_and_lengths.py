"""A second question after the first, opened by words that introduce it ("... ? Par ailleurs,
à quelle heure ...", "... ? et X combien la même année ?"), answered with what the first
names (its record, its year); how long a meeting or one item of its programme lasted."""

from __future__ import annotations

from datetime import date

import pytest

from bot.knowledge.answer import Answerer
from bot.knowledge.models import KnowledgeBase, Meeting
from bot.knowledge.qa_eval import plain_text
from bot.knowledge.query import split_question

TODAY = date(2026, 1, 15)


@pytest.fixture(scope="module")
def answerer(kb: KnowledgeBase) -> Answerer:
    return Answerer(kb)


@pytest.mark.parametrize(
    ("question", "second"),
    [
        ("Qui anime la rencontre ? Par ailleurs, à quelle heure finit-elle ?", "à quelle heure"),
        ("Combien a donné X en 2021 ? et Y combien la même année ?", "Y combien"),
        ("Who runs it? Also, when does it end?", "when does"),
        ("X participe-t-il à P ? Sinon, quelles collectivités y sont ?", "quelles"),
    ],
)
def test_a_second_question_after_words_that_open_it(question: str, second: str) -> None:
    parts = split_question(question)
    assert parts is not None
    assert parts[1].startswith(second), parts


def test_a_remark_after_a_question_is_not_a_second_question() -> None:
    assert split_question("Qui anime la rencontre ? Et merci d'avance.") is None


def _agenda_meeting(kb: KnowledgeBase) -> Meeting:
    m = next((m for m in kb.meetings.values() if len(m.agenda) > 1), None)
    if m is None:
        pytest.skip("no meeting with a programme")
    return m


def _minutes(a: object, b: object) -> int:
    return (b.hour * 60 + b.minute) - (a.hour * 60 + a.minute)  # type: ignore[attr-defined]


def test_how_long_a_meeting_ran(answerer: Answerer, kb: KnowledgeBase) -> None:
    m = _agenda_meeting(kb)
    place = m.place.city if m.place and m.place.city else m.title.get("en")
    text = plain_text(answerer.answer(f"How long did the {place} meeting last?", "en", TODAY).html)
    total = _minutes(m.agenda[0].start, m.agenda[-1].end)
    hours, rest = divmod(total, 60)
    expected = f"{hours} h {rest:02d}" if rest else f"{hours} hour"
    assert expected in text, text


def test_how_long_an_item_lasted(answerer: Answerer, kb: KnowledgeBase) -> None:
    m = _agenda_meeting(kb)
    item = m.agenda[-1]
    place = m.place.city if m.place and m.place.city else ""
    question = f"Combien de temps a duré « {item.activity.get('fr')} » à {place} ?"
    text = plain_text(answerer.answer(question, "fr", TODAY).html)
    minutes = _minutes(item.start, item.end)
    rest = minutes % 60
    said = f"{minutes} minutes" if minutes < 60 else (f"({minutes} min)" if rest else "heure")
    assert f"Durée : {said}" in text or said in text.split("Durée : ", 1)[-1], text


def test_a_year_taken_up_by_the_second_question(answerer: Answerer, kb: KnowledgeBase) -> None:
    """ "... X a donné combien en <year> ? et <partner> combien la même année ?": the second
    part is the partner's amount of that year, not of every year."""
    for p in kb.partnerships.values():
        years = sorted({f.year for f in p.funding})
        partner = kb.organisations[p.french_partners[0]]
        own = {f.year: f.amount_eur for f in p.funding if f.funder_ref == partner.id}
        if len(years) >= 2 and years[-1] in own and len(own) >= 2:
            break
    else:
        pytest.skip("no partnership whose partner paid in several years")
    year = years[-1]
    foreign = kb.organisations[p.foreign_partners[0]]
    question = (
        f"Combien pour le partenariat {partner.name}-{foreign.name} en {year} ? "
        f"et {partner.name} combien la même année ?"
    )
    text = plain_text(answerer.answer(question, "fr", TODAY).html)
    amount = f"{own[year]:,}".replace(",", "\u202f")
    second = text.split("\n\n", 1)[-1]
    assert amount[-3:] in second, text
    assert not any(str(y) in second.split("Première")[0] for y in years[:-1]), text


@pytest.mark.parametrize(
    ("tokens", "numbers"),
    [
        (["les", "actions", "2", "et", "3"], [2, 3]),
        (["actions", "1", "2", "and", "4", "of", "x"], [1, 2, 4]),
        (["l", "action", "2", "et", "quand"], [2]),
        (["quelle", "est", "la", "date"], []),
    ],
)
def test_action_numbers_named_together(tokens: list[str], numbers: list[int]) -> None:
    from bot.knowledge.query import action_numbers

    assert action_numbers(tokens) == numbers


def test_several_actions_then_a_question_about_a_country(
    answerer: Answerer, kb: KnowledgeBase
) -> None:
    """ "Pour P, pouvez-vous me détailler les actions 2 et 3 ? Et aussi, sur quels axes porte
    le regroupement prévu en <country> ?": both actions, and the second part about P's
    gathering in that country (a request asks as a question does)."""
    for p in kb.projects.values():
        acts = {a.number: a for a in kb.project_actions(p.id) if a.number}
        placed = [
            a for a in acts.values() if a.location is not None and a.location.country and a.topics
        ]
        if 2 in acts and 3 in acts and placed:
            break
    else:
        pytest.skip("no project with actions 2 and 3 and a gathering placed in a country")
    where = kb.countries[placed[0].location.country].name.fr  # type: ignore[union-attr]
    question = (
        f"Pour {p.short_name}, pouvez-vous me détailler les actions 2 et 3 ? "
        f"Et aussi, sur quels thèmes porte le regroupement prévu en {where} ?"
    )
    text = plain_text(answerer.answer(question, "fr", TODAY).html)
    assert "Action 2" in text and "Action 3" in text, text
    assert placed[0].topics[0].fr in text, text
    others = [x.short_name for x in kb.projects.values() if x.id != p.id]
    assert not any(f"{o} —" in text for o in others), text


def test_the_time_someone_led_in_all(answerer: Answerer, kb: KnowledgeBase) -> None:
    m = _agenda_meeting(kb)
    place = m.place.city if m.place and m.place.city else ""
    text = plain_text(
        answerer.answer(f"Qui animait la plupart des séquences à {place} ?", "fr", TODAY).html
    )
    assert "Durée animée au total" in text, text
