"""A coordinator's own documents (a newsletter, minutes, a call for projects dropped into
data/documents/) answer what the records never hold, when a passage holds most of the
question and shows the value asked next to the word that names it ("date limite : 30
janvier 2026", "4 750 € est le plafond"); a number said of another rank ("le 1er a réuni 58
participants") does not answer "combien au 3e ?"; a number written in words counts ("over
two years"); "webi" and "copil" are the chat forms of "webinaire" and "comité de pilotage";
words of reports and calls are bridged between French and English."""

from __future__ import annotations

import pytest

from bot.knowledge.answer import Answer
from bot.knowledge.documents import Passage, query_concepts, stems
from bot.knowledge.qa_eval import plain_text
from bot.knowledge.words import written_out
from bot.passage_answers import _counts_it, compose
from bot.storage.passages import Hit


def _hit(text: str, coverage: float = 0.8) -> Hit:
    return Hit(Passage("lettre.md", "Lettre d'information", "", text, 0), coverage, (), (), -1.0)


GAP = Answer("ESS : les documents ne disent pas de date limite.", False, "fr", "gap")


def test_a_deadline_named_next_to_its_date_answers() -> None:
    question = "c'est quoi la date limite pour envoyer nos fiches pour le recueil des pratiques ?"
    text = "Recueil des pratiques : date limite d'envoi des fiches le 30 janvier 2026."
    ans = compose(question, GAP, [_hit(text)])
    assert ans is not None and ans.found and "30 janvier 2026" in plain_text(ans.html)


def test_a_date_without_the_word_naming_it_does_not_answer() -> None:
    question = "c'est quoi la date limite pour envoyer nos fiches pour le recueil des pratiques ?"
    text = "Recueil des pratiques : un comité choisira les fiches le 30 janvier 2026."
    ans = compose(question, GAP, [_hit(text)])
    assert ans is None or not ans.found


@pytest.mark.parametrize(
    ("question", "text", "counts"),
    [
        (
            "Combien de participants au 3e webinaire ?",
            "Le 1er a réuni 58 participants ; le 2e, 71 participants de 6 pays. Le 3e aura lieu "
            "en mars.",
            False,
        ),
        (
            "Combien de participants au 3e webinaire ?",
            "Le 3e webinaire a réuni 112 participants connectés.",
            True,
        ),
        ("How many years does the project last?", "Five actions over two years.", True),
        ("How many participants came?", "The gathering was held in Bordeaux.", False),
    ],
)
def test_a_number_counts_what_is_asked(question: str, text: str, counts: bool) -> None:
    assert _counts_it(question, text) is counts


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("cb de personnes au 3e webi ?", "combien de personnes au 3e webinaire ?"),
        ("le prochain copil c quand", "le prochain comité de pilotage c quand"),
    ],
)
def test_chat_forms_of_meetings(typed: str, read: str) -> None:
    assert written_out(typed) == read


@pytest.mark.parametrize(
    ("question", "french"),
    [
        ("what is the satisfaction rate of the webinar?", "91 % des répondants satisfaits"),
        ("when is the next steering committee?", "prochain comité de pilotage"),
        ("what is the ceiling of the grant?", "le plafond de la subvention"),
    ],
)
def test_words_of_reports_are_bridged(question: str, french: str) -> None:
    forms = {f for c in query_concepts(question) for f in c.forms}
    assert set(stems(french)) & forms


@pytest.mark.parametrize(
    ("question", "french"),
    [
        ("le 4eme webinaire a été décalé à quand ?", "le 4e webinaire est reporté"),
        ("why was the 4th webinar postponed?", "le 4e webinaire est reporté"),
    ],
)
def test_ranks_and_postponements_are_bridged(question: str, french: str) -> None:
    concepts = query_concepts(question)
    held = set(stems(french))
    # every content word of the question is found in the French sentence
    assert all(c.forms & held for c in concepts if c.word not in {"webinaire", "webinar"})


def test_a_reason_asked_is_no_word_to_find() -> None:
    words = {
        c.word for c in query_concepts("Pour quelle raison le 4e webinaire a-t-il été reporté ?")
    }
    assert "raison" not in words


def test_by_when_asks_a_date_not_an_amount() -> None:
    from bot.knowledge.attributes import asked

    assert "amount" not in asked("By when must the revised budget be sent to the DAECT?")
    assert "amount" in asked("How much is the revised budget?")


def test_among_passages_holding_as_much_the_one_showing_the_value_answers() -> None:
    static = Answer("The documents do not say any amount in euros.", False, "en", "gap")
    question = "What is the maximum amount of the young entrepreneurs call?"
    dates = "The young entrepreneurs call is open from 1 December 2025 to 15 February 2026."
    grant = "The young entrepreneurs call: the grant ranges up to €4,750, the maximum amount."
    ans = compose(question, static, [_hit(dates, 1.0), _hit(grant, 1.0)])
    assert ans is not None and "4,750" in plain_text(ans.html)
