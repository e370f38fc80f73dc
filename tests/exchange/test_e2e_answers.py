"""Free-text questions about the Atlas and the exchange, through the emulator: answered from
the imported partnerships (counts and lists by country, theme, French local government, year,
funders' totals); other questions still reach the other answerers."""

from __future__ import annotations

from bot.context import CoopApplication
from bot.exchange.synthetic import synthetic_csv
from bot.sandbox import Sandbox
from bot.services import Services
from bot.storage.atlas import AtlasQuery
from tests.conftest import ALICE, BOB
from tests.exchange.conftest import say


async def test_atlas_questions_are_answered_from_the_imported_partnerships(
    app: CoopApplication, sandbox: Sandbox, services: Services
) -> None:
    # Nothing imported yet: the question goes on to the other answerers.
    empty = await say(sandbox, BOB, "which French regions already work with Senegal on water?")
    assert "Atlas:" not in empty["text"]
    await services.atlas.import_csv(synthetic_csv(600, services.knowledge.kb))
    query = AtlasQuery(countries=("sn",), theme="water", french_kind="region")
    regions = await services.atlas.repo.french_governments(query)
    assert regions  # the synthetic Atlas has some

    answer = await say(sandbox, BOB, "which French regions already work with Senegal on water?")
    text = answer["text"]
    assert "regions with Senegal" in text and "Water and sanitation" in text
    assert f"{regions[0][0]}: {regions[0][2]}" in text

    total = await services.atlas.count(AtlasQuery(countries=("ma",), year=2020))
    answer = await say(sandbox, ALICE, "Combien de partenariats avec le Maroc en 2020 ?")
    assert f"{total} partenariats" in answer["text"] and "avec le Maroc en 2020" in answer["text"]

    answer = await say(sandbox, ALICE, "Qui finance les partenariats avec le Maroc ?")
    funders = await services.atlas.repo.funders(AtlasQuery(countries=("ma",)))
    assert "par financeur" in answer["text"] and funders[0][0] in answer["text"]

    answer = await say(sandbox, BOB, "partnerships with Benin by theme")
    assert "broken down" in answer["text"]

    # Not a question for the Atlas: the knowledge base answers as before.
    other = await say(sandbox, ALICE, "qui finance Terr'ESS ?")
    assert "Atlas" not in other["text"]


async def test_a_french_local_government_is_found_by_its_name(
    app: CoopApplication, sandbox: Sandbox, services: Services
) -> None:
    await services.atlas.import_csv(synthetic_csv(400, services.knowledge.kb))
    answer = await say(sandbox, ALICE, "Avec quels pays Dijon coopère-t-elle ?")
    by_country = await services.atlas.repo.by_country(AtlasQuery(french_name="dijon"))
    assert "de Dijon" in answer["text"]
    assert "• Maroc" in answer["text"]  # the real Dijon – Chefchaouen partnership
    name, count = by_country[0]
    assert f"{services.atlas.countries.name(name, 'fr')} : {count}" in answer["text"]
    answer = await say(
        sandbox, BOB, "which partnerships does the Région Bretagne have with Madagascar?"
    )
    total = await services.atlas.count(AtlasQuery(french_name="region bretagne", countries=("mg",)))
    if total:
        assert f"{total} partnership" in answer["text"] and "Région Bretagne" in answer["text"]
    else:
        assert "No Atlas partnership of Région Bretagne with Madagascar" in answer["text"]


async def test_questions_on_one_record_or_on_the_atlas_itself_go_to_the_knowledge_files(
    app: CoopApplication, sandbox: Sandbox, services: Services
) -> None:
    await services.atlas.import_csv(synthetic_csv(400, services.knowledge.kb))
    for question in (
        "Qui finance le partenariat Dijon-Chefchaouen ?",
        "Total Atlas funding for Dijon–Chefchaouen in 2020?",
        "c'est quoi l'atlas de la coopération décentralisée",
        "qu'est-ce que la bourse partenariat",
        "Depuis quelle année l'ex-Région Limousin est-elle engagée dans la coopération"
        " décentralisée ?",
        "qui sont les membres sénégalais du projet coopère",
    ):
        assert await services.exchange_answers.answer(question, "fr") is None, question
    assert await services.exchange_answers.answer("combien de partenariats avec le Bénin ?", "fr")


async def test_an_atlas_answer_speaks_the_question_s_language_like_the_others(
    app: CoopApplication, sandbox: Sandbox, services: Services
) -> None:
    await services.atlas.import_csv(synthetic_csv(400, services.knowledge.kb))
    total = await services.atlas.count(AtlasQuery(countries=("ma",), year=2020))
    # Alice reads French; asked in English, the Atlas answers in English, as the documents do.
    answer = await say(sandbox, ALICE, "how many partnerships with Morocco in 2020?")
    assert f"{total} partnership" in answer["text"] and "partenariat" not in answer["text"]
    answer = await say(sandbox, BOB, "Combien de partenariats avec le Maroc en 2020 ?")
    assert f"{total} partenariat" in answer["text"]
