"""The engine's words come from the catalogues (answers.*), with correct French grammar."""

from __future__ import annotations

import re
from datetime import date

import pytest

from bot.i18n import Catalogue
from bot.knowledge.answer import Answerer
from bot.knowledge.lexicon import (
    english_country_class,
    french_article_class,
    french_country_class,
)
from bot.knowledge.models import KnowledgeBase
from bot.knowledge.qa_eval import load_questions, plain_text

TODAY = date(2026, 1, 15)


def test_every_answers_message_exists_in_both_languages() -> None:
    catalogue = Catalogue.bundled()
    fr = {k for k in catalogue.ids("fr") if k.startswith("answers.")}
    en = {k for k in catalogue.ids("en") if k.startswith("answers.")}
    assert fr == en and len(fr) > 100


def test_the_engine_speaks_through_its_catalogue(answerer: Answerer) -> None:
    bundled = Catalogue.bundled()
    messages = {lang: {k: bundled.raw(lang, k) for k in bundled.ids(lang)} for lang in ("fr", "en")}
    messages["fr"]["answers.not_found"] = "RIEN <b>ici</b>"
    messages["fr"]["answers.funding_rate"] = "{name} : {rate} ({body})"
    custom = Answerer(answerer.kb, catalogue=Catalogue(messages))
    assert custom.not_found("fr").html == "RIEN <b>ici</b>"
    funding = custom.answer("qui finance coopr", "fr", TODAY).html
    assert funding.startswith("<b>COOP'R</b> : 50\u00a0% (la DAECT (")
    # the default catalogue is the bundled one
    assert "par la DAECT" in answerer.answer("qui finance coopr", "fr", TODAY).html


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Cameroun", "au Cameroun"),
        ("Bénin", "au Bénin"),
        ("Maroc", "au Maroc"),
        ("Sénégal", "au Sénégal"),
        ("Côte d'Ivoire", "en Côte d'Ivoire"),
        ("France", "en France"),
        ("Arménie", "en Arménie"),
        ("Madagascar", "à Madagascar"),
        ("République du Congo", "en République du Congo"),
        ("Djibouti", "à Djibouti"),
        ("Mexique", "au Mexique"),
        ("Iran", "en Iran"),
        ("États-Unis", "aux États-Unis"),
        ("Comores", "aux Comores"),
    ],
)
def test_french_country_prepositions(name: str, expected: str) -> None:
    catalogue = Catalogue.bundled()
    grammar = french_country_class(name)
    assert catalogue.t("fr", f"answers.in_country.{grammar}", country=name) == expected.replace(
        "'", "&#x27;"
    )


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Cameroon", "in Cameroon"),
        ("Côte d'Ivoire", "in Côte d&#x27;Ivoire"),
        ("Republic of the Congo", "in the Republic of the Congo"),
        ("Netherlands", "in the Netherlands"),
    ],
)
def test_english_country_prepositions(name: str, expected: str) -> None:
    grammar = english_country_class(name)
    assert Catalogue.bundled().t("en", f"answers.in_country.{grammar}", country=name) == expected


@pytest.mark.parametrize(
    ("display", "head", "article"),
    [
        ("DAECT", "Délégation à l'Action Extérieure des Collectivités Territoriales", "feminine"),
        ("DCTCIV", "Délégation pour les collectivités territoriales", "feminine"),
        ("MEAE", "Ministère de l'Europe et des Affaires étrangères", "masculine"),
        ("AFD", "AFD", "elided"),
        ("AIRF", "AIRF", "elided"),
        ("Cap Coopération", "Cap Coopération", "bare"),
        ("France Volontaires", "France Volontaires", "bare"),
    ],
)
def test_french_articles_before_bodies(display: str, head: str, article: str) -> None:
    assert french_article_class(display, head) == article


def test_answers_use_prepositions_and_articles(answerer: Answerer) -> None:
    def text(question: str, lang: str = "fr") -> str:
        return plain_text(answerer.answer(question, lang, TODAY).html)

    assert "6 membres au Cameroun" in text("membres camerounais de terr'ess")
    assert "3 membres à Madagascar" in text("membres malgaches de terr'ess")
    assert "en Côte d'Ivoire" in text("membres ivoiriens de coopr")
    assert "cofinancé à 67,5\u00a0% par la DAECT" in text("qui finance terress")
    assert "co-financed by the DAECT" in text("who funds terr'ess", "en")
    assert "animé par l'AIRF" in text("qui anime terress")
    assert "Projets terminés" in text("projets terminés")
    assert "in the Republic of the Congo" in text("congolese members", "en")


def test_no_answer_is_escaped_twice(answerer: Answerer) -> None:
    leftovers = re.compile(r"&(?:amp|lt|gt|quot|#x?[0-9a-fA-F]+);")
    for case in load_questions():
        for lang in ("fr", "en"):
            html = answerer.answer(case.q, lang, case.today).html
            assert not leftovers.search(plain_text(html)), (case.q, html)


def test_an_empty_base_still_answers() -> None:
    empty = Answerer(KnowledgeBase())
    ans = empty.answer("qui finance coopr", "fr", TODAY)
    assert not ans.found and "/aide" in ans.html


_PLURAL_KEYS = (
    "more",
    "members_n",
    "countries_n",
    "projects_header",
    "duration_months",
    "project_actions_line",
    "members_total",
    "members_share",
    "members_more",
    "shared_header_country",
    "shared_header",
    "actions_count",
    "actions_count_plain",
    "transversal_n",
    "actions_announced",
    "webinars_line",
    "webinars_total",
    "meeting_agenda_span",
    "partnerships_header",
    "gap_h",
    "countries_line",
    "countries_total",
    "countries_except",
    "country_not_announced",
)
# "{n}" left: an ordinal or a number not followed by a noun agreeing with it
_N_ALLOWED = (
    "action_number",
    "milestone_none",
    "no_action",
    "per_year",
    "guest_count",
    "extra_guests",
    "countries_announced",
    "members_header_kind",
    "members_total_kind",
    "shared_countries",
    "own_countries",
)


def test_a_count_placeholder_selects_a_plural_form() -> None:
    """The answerer's counted messages are tables of CLDR forms chosen by ``count``; no
    message of its domains keeps the old ``{n}`` next to a noun that should agree with it."""
    catalogue = Catalogue.bundled()
    for lang in ("fr", "en"):
        for key in _PLURAL_KEYS:
            forms = catalogue.forms(lang, f"answers.{key}")
            assert set(forms) >= {"one", "other"}, (lang, key)
            assert "count" in catalogue.placeholders(lang, f"answers.{key}"), (lang, key)
        for key in catalogue.ids(lang):
            domain = key.startswith(("answers.", "live.", "passages.", "questions."))
            if domain and "n" in catalogue.placeholders(lang, key):
                assert key.rsplit(".", 1)[-1] in _N_ALLOWED, (lang, key)


def test_one_partnership_is_singular() -> None:
    catalogue = Catalogue.bundled()
    one_fr = catalogue.t("fr", "answers.partnerships_header", count=1)
    one_en = catalogue.t("en", "answers.partnerships_header", count=1)
    assert one_fr == "1 partenariat enregistré :" and one_en == "1 recorded partnership:"
    assert "2 partenariats enregistrés" in catalogue.t("fr", "answers.partnerships_header", count=2)
    site = catalogue.t("fr", "answers.gaps.website", record="Atlas", url="www.cncd.fr")
    assert "de Atlas" not in site and "Atlas" in site


def test_the_engine_says_one_partnership(answerer: Answerer) -> None:
    text = plain_text(
        answerer.answer("quels partenariats sont recensés dans l'Atlas ?", "fr", TODAY).html
    )
    assert "1 partenariat enregistré" in text and "1 partenariats" not in text
