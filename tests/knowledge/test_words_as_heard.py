"""French written as it sounds ("kel pay son dan le projé", "kofinansé a kombien", "numero de
telefone"): an unknown word is read as the known word it sounds like, and the question gets
the answer its spelt form gets. Expectations come from the same question spelt right, so a
coordinator's change to the data keeps them true."""

from __future__ import annotations

from datetime import date

import pytest

from bot.knowledge.answer import Answerer
from bot.knowledge.attributes import asked
from bot.knowledge.matching import FULL, NameIndex, Ref
from bot.knowledge.models import KnowledgeBase
from bot.knowledge.qa_eval import plain_text
from bot.knowledge.sounds import sound_key
from bot.knowledge.textnorm import tokenize
from bot.passage_answers import _counts_it

TODAY = date(2026, 1, 15)


@pytest.fixture(scope="module")
def answerer(kb: KnowledgeBase) -> Answerer:
    return Answerer(kb)


@pytest.mark.parametrize(
    ("heard", "spelt"),
    [
        ("kofinanse", "cofinance"),
        ("partenaria", "partenariat"),
        ("avek", "avec"),
        ("kel", "quel"),
        ("pay", "pays"),
        ("proje", "projet"),
        ("cooperasion", "cooperation"),
        ("telefone", "telephone"),
        ("done", "donne"),
    ],
)
def test_words_written_as_heard_sound_as_their_spelling(heard: str, spelt: str) -> None:
    assert sound_key(heard) == sound_key(spelt)


@pytest.mark.parametrize(
    ("one", "other"),
    [("attentes", "attendees"), ("rendez", "raining"), ("numerotee", "numero"), ("sigle", "sel")],
)
def test_words_that_sound_apart_keep_apart(one: str, other: str) -> None:
    assert sound_key(one) != sound_key(other)


def _index() -> NameIndex:
    index = NameIndex()
    index.add("Cofinancement", Ref("term", "cofinancement"), FULL, "name")
    index.add_tokens(["cofinance", "less", "partenariat"])
    index.freeze()
    return index


def test_an_unknown_word_is_read_as_the_known_word_it_sounds_like_in_french() -> None:
    corrected, fixes = _index().correct(tokenize("kofinansé partenaria"), by_sound=True)
    assert corrected == ["cofinance", "partenariat"]
    assert [f.original for f in fixes] == ["kofinanse", "partenaria"]


def test_sound_is_not_used_unless_asked() -> None:
    corrected, _fixes = _index().correct(tokenize("kofinansé"))
    assert corrected == ["kofinanse"]


def test_a_longer_word_is_not_read_as_a_shorter_one_that_sounds_alike() -> None:
    # "laisse" sounds like "less" once its silent end is dropped; written as heard, a word
    # loses letters, it does not gain two
    corrected, _fixes = _index().correct(tokenize("laisse"), by_sound=True)
    assert corrected == ["laisse"]


def _plain(answerer: Answerer, q: str) -> tuple[str, bool]:
    a = answerer.answer(q, None, TODAY)
    return plain_text(a.html), a.found


def _acronym(kb: KnowledgeBase) -> str:
    """A project's short name as someone types it without its apostrophe."""
    for p in sorted(kb.projects.values(), key=lambda p: p.id):
        if "'" in p.short_name:
            return p.short_name.replace("'", "").lower()
    pytest.skip("no project short name with an apostrophe")


@pytest.mark.parametrize(
    ("heard", "spelt"),
    [
        ("kel pay son dan le projé {p}", "quels pays sont dans le projet {p}"),
        ("{p} sé kofinansé a kombien", "{p} est cofinancé à combien"),
        ("cb de membres ds {p} ?", "combien de membres dans {p} ?"),
    ],
)
def test_a_question_as_heard_or_in_shorthand_gets_the_spelt_answer(
    answerer: Answerer, kb: KnowledgeBase, heard: str, spelt: str
) -> None:
    name = _acronym(kb)
    said, found = _plain(answerer, heard.format(p=name))
    assert found
    assert said == _plain(answerer, spelt.format(p=name))[0]


def test_a_phone_number_asked_as_heard_is_never_given(answerer: Answerer) -> None:
    assert "contact" in asked("c koi le numero de telefone de la coordinatrice")
    heard, found = _plain(answerer, "c koi le numero de telefone de la DAECT")
    spelt, _ = _plain(answerer, "quel est le numero de telephone de la DAECT")
    assert not found
    assert heard.splitlines()[0] == spelt.splitlines()[0]


@pytest.mark.parametrize(
    "word", ["conclusion", "attended", "populations", "establish", "restitution"]
)
def test_another_form_of_an_attribute_word_is_not_heard_as_it(word: str) -> None:
    assert asked(f"la {word} de la rencontre") == []


def test_the_things_counted_may_be_a_common_word() -> None:
    question = "Combien de jeunes ont été formés pendant le pilote, et combien ont un emploi ?"
    assert _counts_it(question, "120 jeunes, dont 41 jeunes femmes, ont été formés")
    assert not _counts_it(question, "Le pilote a duré dix mois en 2024 avec des jeunes")


def test_chat_shorthands_are_written_out() -> None:
    from bot.knowledge.words import written_out

    assert written_out("cb de webinaires pr X ? tt ca") == "combien de webinaires pour X ? tout ca"
    assert written_out("wat do the winners get") == "what do the winners get"
    # in capitals, an acronym; inside a word or after an apostrophe, a piece of a name
    assert written_out("le CB et le PR") == "le CB et le PR"
    assert written_out("l'pr cbx") == "l'pr cbx"


def test_a_remark_after_the_question_does_not_hide_it(answerer: Answerer, kb: KnowledgeBase):
    names = sorted(p.short_name for p in kb.projects.values())
    if len(names) < 2:
        pytest.skip("one project only")
    question = f"Which local governments take part in both {names[0]} and {names[1]}?"
    alone, found = _plain(answerer, question)
    remarked, _ = _plain(answerer, f"{question} Those look like the best-connected partners.")
    assert found
    assert remarked == alone


@pytest.mark.parametrize(
    "remark", ["Which one?", "which city", "Give me the budget.", "ça veut dire quoi en entier"]
)
def test_what_follows_a_question_and_asks_is_not_a_remark(remark: str) -> None:
    from bot.knowledge.engine import _remarks

    assert not _remarks(remark)


def test_what_an_acronym_means_is_its_expansion() -> None:
    assert "expansion" in asked("what does MDH mean in the programme?")
    assert "expansion" not in asked("what does decentralised cooperation mean?")


def test_a_shorthand_of_two_words_is_written_out() -> None:
    from bot.knowledge.words import written_out

    assert written_out("kom bien X a donné") == "combien X a donné"
    assert written_out("kom  bien") == "combien"


@pytest.mark.parametrize(
    ("message", "question"),
    [
        ("quels membres au pays ? NB : je sais pour X, cf. liste", "quels membres au pays ?"),
        ("membres des deux projets ? (à vérifier : X, Y…)", "membres des deux projets ?"),
        ("Which members? P.S. thanks for X", "Which members?"),
        ("Quels membres (hors France) ?", "Quels membres (hors France) ?"),
        ("What is its full name in French? (X)", "What is its full name in French? (X)"),
        ("which ones? (I think X and Y)", "which ones?"),
    ],
)
def test_a_note_after_the_question_is_set_aside(message: str, question: str) -> None:
    from bot.knowledge.introduction import drop_note_after

    assert drop_note_after(message) == question


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("cofinancé à septante-cinq pour cent", "fr", "cofinancé à 75 %"),
        ("l'atelier de deux mille dix-sept", "fr", "l'atelier de 2017"),
        ("the workshop of two thousand seventeen", "en", "the workshop of 2017"),
        # up to ten, numbers stay words the engine reads ("trois partenaires")
        ("les trois partenaires des deux projets", "fr", "les trois partenaires des deux projets"),
    ],
)
def test_numbers_written_in_words_are_read_as_digits(text: str, lang: str, expected: str):
    from bot.knowledge.words import with_digits

    assert with_digits(text, lang) == expected


def test_a_claimed_rate_in_words_is_checked(answerer: Answerer, kb: KnowledgeBase) -> None:
    project = next((p for p in kb.projects.values() if p.co_financing_rate), None)
    if project is None:
        pytest.skip("no project with a co-financing rate")
    a = answerer.answer(
        f"{project.short_name} est-il cofinancé à quatre-vingt-dix-neuf pour cent ?", "fr", TODAY
    )
    assert plain_text(a.html).startswith("Non")
