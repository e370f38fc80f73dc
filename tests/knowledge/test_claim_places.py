"""A yes/no claim naming a place or a country the reply never names is not confirmed: what
the reply says (a membership, an event's card) does not bear on that place."""

from __future__ import annotations

from datetime import date

import pytest

from bot.knowledge.answer import Answerer
from bot.knowledge.models import KnowledgeBase
from bot.knowledge.qa_eval import plain_text

TODAY = date(2026, 1, 15)


@pytest.fixture(scope="module")
def answerer(kb: KnowledgeBase) -> Answerer:
    return Answerer(kb)


def member(kb: KnowledgeBase, country: str) -> tuple[str, str]:
    """An organisation of ``country`` (its name) and a project it belongs to (short name)."""
    for o in kb.organisations.values():
        projects = [p for p in o.projects if p in kb.projects]
        if o.country == country and projects:
            return o.name, kb.projects[projects[0]].short_name
    raise AssertionError(f"no member in {country}")


@pytest.mark.parametrize(
    ("claim", "lang"),
    [
        (
            "On m'a dit que {org} a accueilli le regroupement de {project} à Bafoussam, vrai ?",
            "fr",
        ),
        ("Confirm that {org} hosted the {project} gathering in Porto-Novo.", "en"),
    ],
)
def test_a_place_the_reply_never_names_is_not_confirmed(
    answerer: Answerer, kb: KnowledgeBase, claim: str, lang: str
) -> None:
    org, project = member(kb, "ci")
    a = answerer.answer(claim.format(org=org, project=project), lang, TODAY)
    text = plain_text(a.html)
    place = "Bafoussam" if lang == "fr" else "Porto-Novo"
    assert not a.found, text
    assert place in text.splitlines()[0] and ("confirmer" in text or "confirm" in text)
    assert not text.startswith(("Oui", "Yes")), text


def test_a_country_shown_by_the_organisation_of_the_claim_stays_a_yes(
    answerer: Answerer, kb: KnowledgeBase
) -> None:
    org, project = member(kb, "cm")
    country = kb.countries["cm"].name.fr
    a = answerer.answer(
        f"On m'a dit que {org} du {country} participe à {project}, c'est vrai ?", "fr", TODAY
    )
    assert a.found and plain_text(a.html).startswith("Oui"), plain_text(a.html)


def test_a_country_no_record_of_the_reply_holds_is_not_confirmed(answerer: Answerer) -> None:
    a = answerer.answer(
        "Confirm that the French ambassador to Senegal spoke at the 2017 workshop.", "en", TODAY
    )
    text = plain_text(a.html)
    assert not a.found and "Senegal" in text.splitlines()[0], text


def test_a_no_that_corrects_the_claim_is_kept(answerer: Answerer) -> None:
    a = answerer.answer(
        "On m'a dit que le premier regroupement de Terr'ESS s'est tenu au Cameroun, c'est vrai ?",
        "fr",
        TODAY,
    )
    text = plain_text(a.html)
    assert a.found and text.startswith("Non"), text


def test_a_city_the_records_give_otherwise_is_answered_no(answerer: Answerer) -> None:
    a = answerer.answer("le 2e regroupement terress c a paris non ?", "fr", TODAY)
    text = plain_text(a.html)
    assert a.found and text.startswith("Non") and "Bordeaux" in text, text


def test_a_role_the_documents_give_to_someone_else_is_answered_no(answerer: Answerer) -> None:
    """ "Is X the <role>?" when another person holds the role: no, who holds it, who X is."""
    a = answerer.answer(
        "Is it correct that the decentralised cooperation correspondent at the French embassy"
        " in Rabat is Bertrand Commelin?",
        "en",
        TODAY,
    )
    text = plain_text(a.html)
    assert text.startswith("No") and "Bouin" in text and "Commelin" in text, text
    a = answerer.answer(
        "Confirm that Frederick Bouin is the decentralised cooperation correspondent at the"
        " French Embassy in Rabat.",
        "en",
        TODAY,
    )
    assert plain_text(a.html).startswith("Yes"), plain_text(a.html)


def test_a_remark_after_the_question_does_not_hide_that_it_asks_yes_or_no(
    answerer: Answerer,
) -> None:
    a = answerer.answer(
        "Benin's not in Terr'ESS, right? The announcement says 8 countries and I don't see it.",
        "en",
        TODAY,
    )
    text = plain_text(a.html)
    assert text.startswith("No") and "Terr'ESS" in text.splitlines()[0], text


def test_an_acronym_asked_in_a_handle_is_its_expansion_not_the_account(
    answerer: Answerer,
) -> None:
    """The documents give the account @CNCD_FR but never say what CNCD stands for."""
    a = answerer.answer("What does CNCD stand for in the Twitter handle @CNCD_FR?", "en", TODAY)
    text = plain_text(a.html)
    assert not a.found and "stands for" in text.splitlines()[0], text


def test_how_many_asked_of_a_card_that_counts_nothing_is_not_answered(
    answerer: Answerer,
) -> None:
    a = answerer.answer(
        "Combien de collectivités françaises sont recensées dans l'Atlas de la coopération"
        " décentralisée ?",
        "fr",
        TODAY,
    )
    assert not a.found and "nombre" in plain_text(a.html), plain_text(a.html)


def test_a_role_asked_in_a_city_of_another_country_is_not_answered_by_someone_elsewhere(
    answerer: Answerer,
) -> None:
    """The documents name the COCAC in Rabat, not the one in Cotonou."""
    a = answerer.answer("Who is the COCAC of the French embassy in Cotonou?", "en", TODAY)
    text = plain_text(a.html)
    assert not a.found and "names" in text.splitlines()[0], text
