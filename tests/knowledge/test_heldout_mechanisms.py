"""Mechanisms generalised from held-out rounds: names written short, meeting names against
agenda items, lists kept with their introduction, the paragraph a passage continues, where a
record is followed online, an organisation's cooperation partners."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date
from pathlib import Path

import pytest

from bot.knowledge.answer import Answerer
from bot.knowledge.attributes import asked
from bot.knowledge.documents import Document, split_passages
from bot.knowledge.matching import ALIAS, FULL, NameIndex, Ref, name_tokens
from bot.knowledge.models import KnowledgeBase
from bot.knowledge.qa_eval import plain_text
from bot.storage.database import Database
from bot.storage.passages import PassageRepository

TODAY = date(2026, 1, 15)


@pytest.fixture(scope="module")
def answerer(kb: KnowledgeBase) -> Answerer:
    return Answerer(kb)


# ------------------------------------------------------------------ a name's tail written short


def _index() -> NameIndex:
    index = NameIndex()
    index.add("Registre des jumelages européens", Ref("term", "registre"), FULL, "name")
    index.add("Registre", Ref("term", "registre"), ALIAS, "alias")
    index.add("jumelages européens", Ref("term", "jumelages"), FULL, "name")
    index.add("jumeur", Ref("term", "jumelages"), ALIAS, "alias")
    index.freeze()
    return index


def test_a_name_whose_tail_is_another_name_written_short_is_the_whole_name() -> None:
    mentions = _index().find(name_tokens("le registre jumeur c est quoi"))
    assert [(m.ref.id, m.strength, m.length) for m in mentions] == [("registre", FULL, 2)]


def test_the_tail_alone_stays_its_own_record() -> None:
    mentions = _index().find(name_tokens("les jumeur"))
    assert [m.ref.id for m in mentions] == ["jumelages"]


def test_two_names_side_by_side_that_do_not_make_a_longer_name_stay_two() -> None:
    index = _index()
    index.add("Annuaire", Ref("term", "annuaire"), FULL, "name")
    index.freeze()
    mentions = index.find(name_tokens("annuaire jumeur"))
    assert {m.ref.id for m in mentions} == {"annuaire", "jumelages"}


def test_an_abbreviated_tail_names_the_database_not_the_general_term(answerer: Answerer) -> None:
    ans = answerer.answer("l atlas de la coop dec sert a quoi", "fr", TODAY)
    assert ans.found and "cncd.fr" in plain_text(ans.html)


# ------------------------------------------------------------------ meeting names vs agenda items


def test_the_words_of_a_meetings_name_do_not_pick_one_of_its_items(answerer: Answerer) -> None:
    ans = answerer.answer("la rencontre gpmar de limoges debute a quelle h", "fr", TODAY)
    text = plain_text(ans.html)
    assert ans.found and ans.intent == "meeting" and "14h00" in text


def test_an_item_named_by_its_own_words_is_still_found(answerer: Answerer) -> None:
    ans = answerer.answer("à quelle heure commence le temps convivial à Limoges", "fr", TODAY)
    assert ans.found and ans.intent == "agenda_item"


# ------------------------------------------------------------------ passages


def test_a_list_stays_with_its_introduction_beyond_the_passage_size() -> None:
    items = "\n".join(f"- point {k} : " + "mot " * 25 for k in range(4))
    opening = "Une phrase d'ouverture assez longue. " * 6
    text = f"## Partie\n\n{opening}\n\nIl y a quatre points :\n{items}"
    doc = Document("note.md", "Note", text)
    passages = split_passages(doc)
    listed = [p for p in passages if "quatre points" in p.text]
    assert len(listed) == 1 and all(f"point {k}" in listed[0].text for k in range(4))


@pytest.fixture
async def repo(tmp_path: Path) -> AsyncIterator[PassageRepository]:
    db = await Database.open(tmp_path / "p.db")
    try:
        yield PassageRepository(db)
    finally:
        await db.close()


async def test_a_passage_is_read_with_the_paragraph_it_continues(repo: PassageRepository) -> None:
    first = "La commune de Valbrume mène une politique de jumelage scolaire depuis longtemps. " * 4
    second = "Trois priorités en découlent : les échanges de classes, les séjours et la musique."
    doc = Document("valbrume.md", "Valbrume", f"## Jumelage\n\n{first}\n\n{second}")
    other = Document("autre.md", "Autre", "## Divers\n\nLes priorités de la musique en ville.")
    async with repo._db.transaction() as conn:
        await repo.replace(conn, [doc, other])
    hits = await repo.search("les trois priorités de la politique de jumelage de Valbrume")
    assert hits and "Trois priorités" in hits[0].passage.text
    assert hits[0].coverage == pytest.approx(1.0)


async def test_the_paragraph_before_under_another_heading_does_not_count(
    repo: PassageRepository,
) -> None:
    doc = Document(
        "v.md",
        "V",
        "## Un\n\nLa politique de jumelage de Valbrume.\n\n"
        "## Deux\n\nTrois priorités : la musique.",
    )
    async with repo._db.transaction() as conn:
        await repo.replace(conn, [doc])
    hits = await repo.search("trois priorités de la politique de jumelage")
    best = next(h for h in hits if "Trois" in h.passage.text)
    assert best.coverage < 1.0


# ------------------------------------------------------------------ where a record is followed


def test_a_hashtag_is_answered_from_the_record_that_gives_it(answerer: Answerer) -> None:
    ans = answerer.answer("quel hashtag pour l'atelier de la journée du réseau 2017", "fr", TODAY)
    assert ans.found and ans.intent == "social" and "#JDR2017" in plain_text(ans.html)


def test_a_record_without_any_account_says_the_documents_do_not_say(answerer: Answerer) -> None:
    ans = answerer.answer("Terr'ESS has a twitter account?", "en", TODAY)
    assert not ans.found and "social media" in plain_text(ans.html)


def test_an_email_address_is_not_an_account() -> None:
    from bot.knowledge.gaps import EVIDENCE

    assert not EVIDENCE["social"]("écrire à contact@example.org")
    assert EVIDENCE["social"]("suivi sur @Example_Org")


# ------------------------------------------------------------------ founding vs setting up


def test_setting_up_something_asks_a_founding_date_only_with_when() -> None:
    assert "founded" not in asked("Which partner did the region set up a partnership with?")
    assert "founded" in asked("When was the network set up?")


def test_an_organisations_card_names_its_cooperation_partners(answerer: Answerer) -> None:
    ans = answerer.answer("l'ex-Région Limousin a un partenariat avec qui au Maroc", "fr", TODAY)
    assert ans.found and "Marrakech-Safi" in plain_text(ans.html)


# ------------------------------------------------------------------ yes/no questions


@pytest.mark.parametrize(
    ("question", "polar"),
    [
        ("Est-ce que la Côte d'Ivoire est dans Terr'ESS ?", True),
        ("Bonjour, le projet a-t-il un site ?", True),
        ("Does COOP'R have members in Benin?", True),
        ("Hello, is there a webinar?", True),
        ("Quand a-t-elle été créée ?", False),
        ("Combien y a-t-il de membres ?", False),
        ("Which countries does COOP'R cover?", False),
        ("Que veut dire PACT3 ?", False),
    ],
)
def test_yes_no_questions_are_told_from_open_ones(question: str, polar: bool) -> None:
    from bot.knowledge.query import _polar
    from bot.knowledge.textnorm import tokenize

    assert _polar(question, tokenize(question)) is polar


def test_a_project_with_members_in_the_country_asked_answers_yes(answerer: Answerer) -> None:
    ans = answerer.answer("Does COOP'R have members in Benin?", "en", TODAY)
    assert ans.found and plain_text(ans.html).startswith("Yes")


def test_a_project_without_members_in_the_country_asked_answers_no(answerer: Answerer) -> None:
    ans = answerer.answer("Est-ce que COOP'R a des membres à Madagascar ?", "fr", TODAY)
    assert ans.found and plain_text(ans.html).startswith("Non")


def test_an_open_question_gets_no_yes_or_no(answerer: Answerer) -> None:
    ans = answerer.answer("Quels membres COOP'R a-t-il au Bénin ?", "fr", TODAY)
    assert ans.found and not plain_text(ans.html).startswith(("Oui", "Non"))


def test_the_sentence_that_denies_the_question_answers_no() -> None:
    from bot.knowledge.verdict import denial

    text = (
        "Le club accueille tous les habitants. Il n'est pas obligatoire de payer une cotisation "
        "pour rejoindre le club de lecture. Les séances ont lieu le soir."
    )
    question = "Faut-il payer une cotisation pour rejoindre le club de lecture ?"
    assert denial(question, text) is not None and "pas obligatoire" in denial(question, text)
    assert denial("Faut-il payer pour rejoindre le club de lecture ?", "On paie 5 €.") is None
    # a negation in a sentence about something else decides nothing
    other = "Le club de lecture est ouvert. Il ne ferme jamais le dimanche."
    assert denial("Faut-il payer une cotisation au club de lecture ?", other) is None


# ------------------------------------------------------------------ what the documents do not say


def test_an_acronym_written_as_its_only_name_is_not_expanded(answerer: Answerer) -> None:
    for question in ("AIRF, ça veut dire quoi ?", "PACT3 stands for what?"):
        ans = answerer.answer(question, None, TODAY)
        assert not ans.found and ans.intent == "gap", question


def test_an_acronym_with_its_words_is_expanded(answerer: Answerer) -> None:
    ans = answerer.answer("FICOL, ça veut dire quoi ?", "fr", TODAY)
    assert ans.found and "Facilité de financement" in plain_text(ans.html)


def test_a_month_does_not_answer_the_exact_day(answerer: Answerer) -> None:
    ans = answerer.answer(
        "le 2e regroupement de Terr'ESS, c'était quel jour exactement ?", "fr", TODAY
    )
    assert not ans.found and "jour exact" in plain_text(ans.html)
    held = answerer.answer("les Assises franco-béninoises, quel jour exactement ?", "fr", TODAY)
    assert held.found and "4 novembre" in plain_text(held.html)


def test_after_a_year_asks_the_years_that_follow(answerer: Answerer) -> None:
    ans = answerer.answer("Dijon a-t-elle financé Chefchaouen après 2021 ?", "fr", TODAY)
    assert not ans.found
    ans = answerer.answer("Dijon a-t-elle financé Chefchaouen en 2021 ?", "fr", TODAY)
    assert ans.found


def test_an_amount_asked_of_who_did_not_fund_it_is_not_known(answerer: Answerer) -> None:
    ans = answerer.answer("combien l'AFD a versé au partenariat Dijon Chefchaouen ?", "fr", TODAY)
    assert not ans.found and "Ministère" in plain_text(ans.html)  # what is known: who funded
    ans = answerer.answer(
        "combien le ministère a versé au partenariat Dijon Chefchaouen ?", "fr", TODAY
    )
    assert ans.found


def test_a_project_whose_page_does_not_name_who_runs_it_is_a_partial_answer(
    answerer: Answerer,
) -> None:
    ans = answerer.answer("qui coordonne COOP'R, son nom ?", "fr", TODAY)
    assert not ans.found


def test_dates_asked_of_what_has_none_are_not_known(answerer: Answerer) -> None:
    ans = answerer.answer("What dates are planned for the Terr'ESS webinars?", "en", TODAY)
    assert not ans.found and "dates" in plain_text(ans.html)
    ans = answerer.answer("Terr'ESS : quelles dates pour ses actions ?", "fr", TODAY)
    assert ans.found


def test_a_yes_no_question_about_a_name_nothing_holds_is_not_answered_yes(
    answerer: Answerer,
) -> None:
    ans = answerer.answer("Does Terr'ESS also work in Atlantis?", "en", TODAY)
    assert not ans.found and "Atlantis" in plain_text(ans.html)
    # a form of address is no name; a known demonym is understood
    ans = answerer.answer("Bonjour Madame, est-ce que le Sénégal est dans COOP'R ?", "fr", TODAY)
    assert ans.found
    ans = answerer.answer("Hello, are there Beninese members in COOP'R?", "en", TODAY)
    assert ans.found


# ------------------------------------------------------------------ two questions in one


@pytest.mark.parametrize(
    ("question", "parts"),
    [
        ("Terr'ESS a combien de membres, et quand finit-il ?", 2),
        ("Which countries are in COOP'R, and when does it end?", 2),
        ("qui finance COOP'R et combien", 2),
        ("Les membres de COOP'R, combien et lesquels ?", 0),  # which ones of the same thing
        ("Dijon et Chefchaouen", 0),
        ("What is the link between the Atlas and PACT3?", 0),
    ],
)
def test_two_questions_joined_by_and_are_told_apart(question: str, parts: int) -> None:
    from bot.knowledge.query import split_question

    split = split_question(question)
    assert (0 if split is None else len(split)) == parts


def test_each_of_two_questions_is_answered_the_second_about_the_first_ones_record(
    answerer: Answerer,
) -> None:
    ans = answerer.answer(
        "Terr'ESS compte combien de pays, et quand se termine-t-il ?", "fr", TODAY
    )
    text = plain_text(ans.html)
    assert ans.found and "9 pays" in text and "2026" in text


def test_a_second_part_naming_another_record_only_is_the_first_question_again(
    answerer: Answerer,
) -> None:
    ans = answerer.answer(
        "Which Beninese members are in COOP'R, and which in Terr'ESS?", "en", TODAY
    )
    text = plain_text(ans.html)
    assert ans.found and "Alibori" in text and "Collines" in text


def test_the_year_of_a_meeting_named_tells_which_one_it_is(answerer: Answerer) -> None:
    ans = answerer.answer("What did AFD present at the 2017 workshop?", "en", TODAY)
    assert ans.found


def test_an_acronym_a_person_presented_is_asked_about_the_acronym(answerer: Answerer) -> None:
    ans = answerer.answer(
        "la MDH que présentait Guillaume Bertrand, ça veut dire quoi ?", "fr", TODAY
    )
    assert not ans.found and ans.intent == "gap"


def test_a_visit_told_with_another_verb_finds_the_history_step(answerer: Answerer) -> None:
    ans = answerer.answer("When did the president of Chefchaouen come to Dijon?", "en", TODAY)
    assert ans.found and "2019" in plain_text(ans.html)


def test_sharing_an_experience_is_not_a_share_of_funding() -> None:
    from bot.knowledge.lexicon import detect_cues
    from bot.knowledge.textnorm import tokenize

    verb = "does the region want to share its experience with Morocco"
    assert "share" not in detect_cues(tokenize(verb), "en", verb)
    noun = "what is the share of the DAECT in COOP'R"
    assert "share" in detect_cues(tokenize(noun), "en", noun)


def test_a_city_asked_of_a_project_is_not_in_its_dates(answerer: Answerer) -> None:
    ans = answerer.answer("COOP'R started in which city?", "en", TODAY)
    assert not ans.found and "city" in plain_text(ans.html)
    ans = answerer.answer(
        "Dans quelle ville a eu lieu le 2e regroupement de Terr'ESS ?", "fr", TODAY
    )
    assert ans.found and "Bordeaux" in plain_text(ans.html)


def test_a_persons_name_with_a_short_particle_is_found_by_the_surname(answerer: Answerer) -> None:
    ans = answerer.answer("Mr El Bakali, what is his job?", "en", TODAY)
    assert ans.found and ans.intent == "person" and "Bakali" in plain_text(ans.html)


def test_an_electronic_address_is_contact_data_never_given(answerer: Answerer) -> None:
    ans = answerer.answer("l'adresse électronique de M. El Bakali ?", "fr", TODAY)
    assert not ans.found


def test_what_was_decided_is_not_in_a_plan(answerer: Answerer) -> None:
    ans = answerer.answer("Qu'a-t-on décidé au 1er regroupement de Terr'ESS ?", "fr", TODAY)
    assert not ans.found and "décidé" in plain_text(ans.html)
    ans = answerer.answer("What came out of the 2017 workshop?", "en", TODAY)
    assert ans.found


def test_a_number_in_the_question_picks_the_list_of_that_many_items(answerer: Answerer) -> None:
    ans = answerer.answer("les 3 temps de l'atelier de 2017, c'était quoi ?", "fr", TODAY)
    text = plain_text(ans.html)
    assert ans.found and "Programme" in text and "franco-béninoise" in text


def test_a_yes_or_no_already_said_is_not_said_twice(answerer: Answerer) -> None:
    text = plain_text(answerer.answer("Is Pikine a member of COOP'R?", "en", TODAY).html)
    assert text.count("No") == 1


def test_an_occasion_asked_in_a_city_the_documents_do_not_give(answerer: Answerer) -> None:
    ans = answerer.answer("Will COOP'R's closing seminar be in Dakar?", "en", TODAY)
    assert not ans.found
    ans = answerer.answer("Le 2e regroupement de Terr'ESS était-il à Bordeaux ?", "fr", TODAY)
    assert ans.found and "Bordeaux" in plain_text(ans.html)


def test_a_why_the_records_give_no_reason_for_is_searched_in_the_documents() -> None:
    from bot.knowledge.answer import Answer
    from bot.passage_answers import needs_documents

    card = Answer("Partnership A – B: started 2020.", True, "en", "partnership")
    assert needs_documents("Why did the partnership stop?", card)
    reason = Answer("The partnership did stop because its funding ended.", True, "en", "x")
    assert not needs_documents("Why did the partnership stop?", reason)


def test_a_headcount_of_one_gathering_is_not_the_number_of_gatherings(answerer: Answerer) -> None:
    ans = answerer.answer("How many people came to the 1st Terr'ESS gathering?", "en", TODAY)
    assert not ans.found


def test_a_projects_name_with_a_number_is_a_follow_up_project(answerer: Answerer) -> None:
    ans = answerer.answer("c'est quand COOP'R 2 ?", "fr", TODAY)
    assert not ans.found
    ans = answerer.answer("COOP'R a 2 membres au Sénégal ?", "fr", TODAY)
    assert ans.found


def test_a_yes_no_about_a_country_no_record_holds_answers_no_once(answerer: Answerer) -> None:
    ans = answerer.answer("Est-ce que Terr'ESS travaille avec le Togo ?", "fr", TODAY)
    text = plain_text(ans.html)
    assert ans.found and text.startswith("Non") and text.count("Togo") == 1


def test_a_yes_no_about_a_body_funding_a_project_it_does_not_list(answerer: Answerer) -> None:
    ans = answerer.answer("Est-ce que l'AFD finance Terr'ESS ?", "fr", TODAY)
    assert not ans.found and "financement" in plain_text(ans.html)
    ans = answerer.answer("Est-ce que la DAECT finance Terr'ESS ?", "fr", TODAY)
    assert ans.found


def test_an_ordinal_or_a_year_is_no_count() -> None:
    from bot.knowledge.gaps import EVIDENCE

    assert not EVIDENCE["count"]("Le 1er regroupement, avril 2025, 2e étape")
    assert EVIDENCE["count"]("15 jeunes entrepreneurs")


def test_who_led_an_item_the_programme_gives_no_one_for(answerer: Answerer) -> None:
    ans = answerer.answer("Qui anime le temps convivial à Limoges ?", "fr", TODAY)
    assert not ans.found and "qui l'anime" in plain_text(ans.html)
    ans = answerer.answer("Qui anime l'accueil des participants à Limoges ?", "fr", TODAY)
    assert ans.found and "Cap Coopération" in plain_text(ans.html)


def test_the_next_edition_of_an_event_term_is_not_known(answerer: Answerer) -> None:
    ans = answerer.answer("C'est quand le prochain Forum mondial de l'ESS ?", "fr", TODAY)
    assert not ans.found


def test_which_countries_are_members_asks_the_countries(answerer: Answerer) -> None:
    ans = answerer.answer("Quels pays sont membres de Terr'ESS mais pas de COOP'R ?", "fr", TODAY)
    text = plain_text(ans.html)
    assert ans.found and "Madagascar" in text and "Bénin" not in text


def test_a_city_not_among_a_projects_members_answers_no(answerer: Answerer) -> None:
    ans = answerer.answer("Est-ce que la ville de Dakar est membre de Terr'ESS ?", "fr", TODAY)
    text = plain_text(ans.html)
    assert ans.found and text.startswith("Non") and "Dakar" in text


def test_when_something_took_place_does_not_ask_where() -> None:
    from bot.knowledge.answer import Answer
    from bot.passage_answers import needs_documents

    card = Answer("Rencontre X — 📅 4 novembre 2016", True, "fr", "meeting")
    assert not needs_documents("quand a eu lieu la rencontre X", card)
    assert needs_documents("où a eu lieu la rencontre X", card)
