"""The intent table (bot/knowledge/intents.toml) and its resolvers, one test each.

Every intent has an example question that the table routes to it, and every resolver
answers its example when called directly with the question's facts. The examples come from
the question sets (tests/qa), so each is also checked there end to end.
"""

from __future__ import annotations

import tomllib
from datetime import date

import pytest
from pydantic import ValidationError

from bot.knowledge.answer import Answerer
from bot.knowledge.facts import ProjectFacts, QuestionFacts
from bot.knowledge.markup import _Reply
from bot.knowledge.models import KnowledgeBase
from bot.knowledge.resolvers import PROJECT_RESOLVERS, QUESTION_RESOLVERS, project_scope
from bot.knowledge.routing import INTENTS_PATH, IntentSpec, IntentTable, intent_table, pick
from bot.knowledge.textnorm import detect_language

# (intent, question, the day it is asked, the intent of the reply built)
EXAMPLES: list[tuple[str, str, str, str]] = [
    (
        "project.member_contribution",
        "la region sud paca elle apporte koi ds coopr",
        "2026-01-15",
        "org_membership",
    ),
    ("unknown_project", "le projet AGRI'COOP de l'airf, il commence qd", "2026-01-15", "not_found"),
    (
        "members_excluding",
        "who is in Terr'ESS from Côte d'Ivoire besides Kabadougou",
        "2026-11-23",
        "members",
    ),
    (
        "history_step_of_person",
        "when did the président de la commune de Chefchaouen visit Dijon?",
        "2026-05-12",
        "partnership",
    ),
    ("unknown_off_topic", "horaires d'ouverture de la mairie de dijon", "2026-11-23", "unknown"),
    (
        "unknown_person",
        "Qui est le président du Conseil régional Grand Est ?",
        "2026-01-15",
        "unknown",
    ),
    ("unknown_attribute", "Quel temps fait-il à Paris ?", "2026-01-15", "unknown"),
    ("unknown_procedure", "comment s'inscrire au webinaire", "2026-01-15", "unknown"),
    (
        "unknown_cost_of_network_or_meeting",
        "Ça coûte combien, devenir membre de Cap Coopération ?",
        "2025-09-20",
        "unknown",
    ),
    ("unknown_cost_of_activity", "quel est le budget du 2e regroupement", "2026-01-15", "unknown"),
    (
        "unknown_cost_of_action",
        "Quel est le budget de l'action 4 de Terr'ESS",
        "2026-11-23",
        "unknown",
    ),
    ("unknown_holder_of_role", "qui est le point focal du cameroun", "2026-01-15", "unknown"),
    ("unknown_name_of_role", "le nom du point focal de COOP'R", "2026-01-15", "unknown"),
    ("timezone", "décalage horaire Paris Dakar", "2026-11-23", "timezones"),
    ("local_time", "heure à Yerevan", "2026-11-23", "timezones"),
    ("time_gap", "Quel heure différence entre Erevan et Paris ?", "2025-09-20", "timezones"),
    ("unknown_name", "qu'est-ce que le projet interreg", "2026-11-23", "not_found"),
    ("unknown_topic_of_country", "cuisine senegal", "2026-11-23", "not_found"),
    ("other_countries", "rdc membres", "2026-01-15", "other_country"),
    ("other_countries_named", "coopr tunisie", "2026-01-15", "other_country"),
    (
        "meeting_headcount",
        "How many participants attended the Limoges meeting on 4 November 2016?",
        "2026-05-12",
        "unknown",
    ),
    ("agenda_at_time", "what happens at 15h30 in Limoges", "2026-01-15", "agenda_item"),
    (
        "agenda_item_when",
        "à quelle heure est la présentation de Cap Coopération ?",
        "2026-01-15",
        "agenda_item",
    ),
    ("agenda_item_of_meeting", "rencontre de Limoges temps convivial", "2026-01-15", "agenda_item"),
    ("agenda_item", "Temps convivial", "2026-01-15", "agenda_item"),
    ("milestone_in_place", "Que se passe-t-il à Bordeaux ?", "2026-01-15", "gathering"),
    (
        "agenda_last_item",
        "Quelle est la dernière activité de la rencontre de Limoges ?",
        "2026-01-15",
        "agenda_item",
    ),
    ("agenda_first_item", "first item on the Limoges agenda", "2026-01-15", "agenda_item"),
    ("meeting", "Quand a eu lieu la rencontre de Limoges ?", "2026-01-15", "meeting"),
    ("meetings_on_day", "il s'est passé quoi le 17 juillet 2017 ?", "2026-01-15", "meeting"),
    (
        "term_meaning_seen_at_meeting",
        "que signifie le sigle DAECT lu dans le compte rendu de l'atelier de 2017 ?",
        "2026-01-15",
        "glossary",
    ),
    ("programme", "quel est le programme de la réunion ?", "2026-01-15", "meeting"),
    (
        "unknown_partnership_headcount",
        "Combien de volontaires ont participé à l'échange de 2019 entre Dijon et Chefchaouen ?",
        "2025-09-20",
        "unknown",
    ),
    (
        "partnership",
        "How much did foreign local governments and partners contribute in total?",
        "2026-05-12",
        "partnership",
    ),
    (
        "partnership_of_partner",
        "Quel est le thème du partenariat Dijon-Chefchaouen ?",
        "2026-01-15",
        "partnership",
    ),
    ("partnership_of_partners", "Dijon Chefchaouen", "2026-01-15", "partnership"),
    (
        "partnership_by_funder",
        "How much funding did the partnership receive in total?",
        "2026-01-15",
        "partnership",
    ),
    ("network_meetings", "rencontres de Cap Coopération", "2026-01-15", "meeting"),
    ("network", "GPMar", "2026-01-15", "network"),
    ("project_of_action", "rendez-vous de la régionalisation", "2026-01-15", "action"),
    ("network_in_project", "l'AIRF est-elle membre de COOP'R ?", "2026-01-15", "org_membership"),
    ("network_running_project", "qui anime Terr'ESS, l'AIRF ?", "2026-01-15", "project_animator"),
    (
        "network_role_in_project",
        "quel est le rôle de l'AIRF dans terress",
        "2026-11-23",
        "project_animator",
    ),
    ("term_in_project", "what is DCTCIV role in terress", "2026-01-15", "glossary"),
    ("project", "coopr action 3 regroupement", "2026-01-15", "action"),
    (
        "shared_between_orgs",
        "Kabadougou et Bambey, membres des deux projets ?",
        "2026-01-15",
        "shared_members",
    ),
    ("organisation", "ACAL", "2026-01-15", "org_card"),
    ("partnerships_of_term", "partenariats de l'atlas", "2026-01-15", "partnerships"),
    ("term_outside_projects", "C'est quoi la FICOL ?", "2026-01-15", "glossary"),
    ("term_without_project_cue", "Que signifie DAECT ?", "2026-01-15", "glossary"),
    ("term_meaning", "what does MEAE stand for", "2026-01-15", "glossary"),
    ("term_of_no_project", "FICOL au Maroc membres", "2026-01-15", "glossary"),
    (
        "shared_members_in",
        "who are the members from Cote d'Ivoire in both projects",
        "2026-01-15",
        "shared_members",
    ),
    ("gatherings_in_country", "regroupement en france", "2026-01-15", "gathering"),
    ("projects_in_country", "quels projets au Maroc", "2026-01-15", "country_projects"),
    ("members_in_country", "Quels projets ont des membres au Sénégal ?", "2026-01-15", "members"),
    (
        "shared_members",
        "Quelles collectivités participent aux deux projets ?",
        "2026-01-15",
        "shared_members",
    ),
    (
        "projects_facts",
        "Quels projets la DAECT cofinance-t-elle ?",
        "2026-01-15",
        "project_funding",
    ),
    (
        "projects_members_of_kind",
        "Combien de conseils départementaux au total dans les deux projets ?",
        "2026-11-23",
        "members_count",
    ),
    ("projects_kind", "regional natural parks", "2026-01-15", "members"),
    ("term", "Je reviens sur l'Atlas : c'est quoi exactement ?", "2026-05-12", "glossary"),
    (
        "each_project",
        "Quelle est la durée de chaque projet ? (pour une frise chronologique)",
        "2026-05-12",
        "project_dates",
    ),
    ("each_project_dates", "quand commencent les projets", "2026-01-15", "project_dates"),
    ("action_by_words", "entrepreunariat des jeunes", "2026-01-15", "action_search"),
    ("history_step", "when did the volunteer exchange happen", "2026-11-23", "partnership"),
    ("projects", "Quels sont les projets ?", "2026-01-15", "projects_list"),
    ("partnerships", "les conventions de coopération", "2026-01-15", "partnerships"),
    ("networks", "Quels réseaux connais-tu ?", "2026-01-15", "network"),
    ("greeting", "thank you", "2026-01-15", "greeting"),
    ("not_found", "blablabla", "2026-01-15", "not_found"),
    ("project.action_number", "C'est quoi l'action 3 de Terr'ESS ?", "2026-01-15", "action"),
    ("project.action_number_without_rank", "coopr action 3 regroupement", "2026-01-15", "action"),
    (
        "project.membership",
        "Kabadougou est-il membre de Terr'ESS ?",
        "2026-01-15",
        "org_membership",
    ),
    ("project.named_action", "rendez-vous de la régionalisation", "2026-01-15", "action"),
    ("project.duration", "Combien de temps dure Terr'ESS ?", "2026-01-15", "project_dates"),
    (
        "project.gatherings",
        "Le regroupement politique en France de COOP'R porte sur quoi ?",
        "2026-01-15",
        "gatherings",
    ),
    ("project.gathering_by_rank", "coopr le deuxième quand", "2026-01-15", "gatherings"),
    ("project.webinar_by_rank", "date du 3e webinaire terress", "2026-05-12", "unknown"),
    ("project.webinars", "Combien de webinaires dans COOP'R ?", "2026-01-15", "webinars"),
    (
        "project.seminar",
        "Quand est le séminaire de clôture de COOP'R ?",
        "2026-01-15",
        "action_type",
    ),
    ("project.self_assessment", "autodiagnostic terr'ess", "2026-01-15", "action_type"),
    ("project.remote_activities", "Y a-t-il un groupe WhatsApp ?", "2026-01-15", "action_type"),
    ("project.communication", "coopr communication", "2026-01-15", "action_type"),
    ("project.actions_count", "combien d'actions dans Terr'ESS", "2026-01-15", "actions_count"),
    ("project.transversal_actions", "Action transversale de COOP'R", "2026-01-15", "action"),
    (
        "project.action_by_words",
        "quelle action de Terr'ESS concerne les jeunes entrepreneurs ?",
        "2026-01-15",
        "action_search",
    ),
    ("project.actions", "Quelles sont les actions de COOP'R ?", "2026-01-15", "actions"),
    (
        "searching_a_source",
        "Atlas : on peut filtrer selon quels critères ?",
        "2026-01-15",
        "glossary",
    ),
    (
        "project.beneficiaries",
        "les actions de terress doivent profiter a qui",
        "2026-01-15",
        "project_overview",
    ),
    (
        "project.shared_members",
        "Quelles collectivités sont à la fois dans COOP'R et Terr'ESS ?",
        "2026-01-15",
        "shared_members",
    ),
    ("project.technical_partners", "technical partners coopr", "2026-01-15", "technical_partners"),
    ("project.behind", "who is behind COOP'R", "2026-11-23", "project_animator"),
    (
        "project.shared_countries",
        "which countries do COOP'R and Terr'ESS have in common",
        "2026-11-23",
        "shared_countries",
    ),
    ("project.own_countries", "countries only in Terr'ESS", "2026-11-23", "own_countries"),
    ("project.countries", "Quels pays participent à COOP'R ?", "2026-01-15", "project_countries"),
    ("project.members", "Les membres camerounais de Terr'ESS", "2026-01-15", "members"),
    ("project.members_in_country", "cameroun coopr", "2026-01-15", "members"),
    ("project.members_who", "Terr'ESS qui", "2026-01-15", "members"),
    ("project.members_count", "Terr'ESS combien", "2026-01-15", "members_count"),
    (
        "project.members_share",
        "What percentage of Terr'ESS members are in Cameroon?",
        "2025-09-20",
        "members",
    ),
    ("project.funding", "Qui finance COOP'R ?", "2026-01-15", "project_funding"),
    (
        "project.call",
        "Dans quel appel à projets s'inscrit Terr'ESS ?",
        "2026-01-15",
        "project_call",
    ),
    ("project.animator", "Qui anime Terr'ESS ?", "2026-01-15", "project_animator"),
    ("project.status", "Le projet coopr est il fini ?", "2026-03-01", "project_status"),
    ("project.status_filter", "anciens projets coopr", "2026-01-15", "project_status"),
    ("project.dates", "quand commencent les projets", "2026-01-15", "project_dates"),
    ("project.theme", "What is the theme of Terr'ESS?", "2026-01-15", "project_theme"),
    ("project.objectives", "Quel est l'objectif de COOP'R ?", "2026-01-15", "project_overview"),
    ("project.project_card", "C'est quoi COOP'R ?", "2026-01-15", "project_card"),
    ("project.overview", "coopr et terress", "2026-01-15", "project_overview"),
]
# Reachable only with data that has no transversal action: tested on the facts directly.
DIRECT_ONLY = {"project.projects_list"}


@pytest.fixture(scope="module")
def eng(kb: KnowledgeBase) -> Answerer:
    return Answerer(kb)


def _facts(eng: Answerer, question: str, day: str) -> QuestionFacts:
    lang = detect_language(question, hint=None, names=eng._proper_words)
    return QuestionFacts(eng, eng._parse(question, lang, date.fromisoformat(day)))


def _spec(name: str) -> IntentSpec:
    stage, _, short = name.rpartition(".")
    return next(s for s in getattr(intent_table(), stage or "question") if s.name == short)


def test_every_intent_has_an_example() -> None:
    table = intent_table()
    names = {s.name for s in table.question} | {f"project.{s.name}" for s in table.project}
    assert names - {e[0] for e in EXAMPLES} == DIRECT_ONLY
    assert {e[0] for e in EXAMPLES} <= names


@pytest.mark.parametrize(("intent", "question", "day", "reply_intent"), EXAMPLES)
def test_intent_is_picked(
    eng: Answerer, intent: str, question: str, day: str, reply_intent: str
) -> None:
    picked = eng.intents_of(question, None, date.fromisoformat(day))
    if intent.startswith("project."):
        assert picked[1:] == (intent,)
    else:
        assert picked[0] == intent


def _resolver_examples() -> list[tuple[str, str, str, str, str]]:
    """(stage, resolver, intent, question, day): the first example of each resolver."""
    out: dict[tuple[str, str], tuple[str, str, str, str, str]] = {}
    for intent, question, day, _reply in EXAMPLES:
        stage = "project" if intent.startswith("project.") else "question"
        key = (stage, _spec(intent).resolver)
        out.setdefault(key, (stage, key[1], intent, question, day))
    return list(out.values())


def test_every_resolver_is_used() -> None:
    table = intent_table()
    assert {s.resolver for s in table.question} == set(QUESTION_RESOLVERS)
    assert {s.resolver for s in table.project} == set(PROJECT_RESOLVERS)
    covered = {(stage, name) for stage, name, *_rest in _resolver_examples()}
    assert {("question", r) for r in QUESTION_RESOLVERS} <= covered
    assert {("project", r) for r in PROJECT_RESOLVERS} - covered <= {("project", "projects_list")}


@pytest.mark.parametrize(("stage", "resolver", "intent", "question", "day"), _resolver_examples())
def test_resolver_answers_its_example(
    eng: Answerer, stage: str, resolver: str, intent: str, question: str, day: str
) -> None:
    facts = _facts(eng, question, day)
    spec = _spec(intent)
    expected = next(e[3] for e in EXAMPLES if e[0] == intent)
    if stage == "question":
        assert spec.holds(facts)
        reply = QUESTION_RESOLVERS[resolver](eng, facts, spec.arg)
    else:
        first, project_reply = pick(eng, facts)
        assert first.resolver == "project_facts"
        scope = project_scope(eng, facts, first.arg)
        assert spec.holds(scope)
        reply = PROJECT_RESOLVERS[resolver](eng, scope, spec.arg)
        assert reply is not None and reply.lines == project_reply.lines
    assert isinstance(reply, _Reply)
    assert reply.intent == expected
    assert any(line.strip() for line in reply.lines)


def test_project_list_when_no_project_fact_is_asked(eng: Answerer) -> None:
    facts = _facts(eng, "bonjour", "2026-01-15")
    scope = ProjectFacts(eng, facts.q, list(eng._project_order), [], [])
    spec, reply = pick(eng, scope, "project")
    assert spec.name == "projects_list"
    assert reply.intent == "projects_list"
    assert scope.picked == []  # tracing is done by route_projects, not pick


def test_holds_reads_alternatives_exclusions_and_negated_facts(eng: Answerer) -> None:
    facts = _facts(eng, "qui finance COOP'R ?", "2026-01-15")
    assert IntentSpec(name="a", score=1, cues=(("funding", "call"),), resolver="x").holds(facts)
    assert not IntentSpec(name="b", score=1, cues=(("call",),), resolver="x").holds(facts)
    assert not IntentSpec(name="c", score=1, not_cues=("funding",), resolver="x").holds(facts)
    assert IntentSpec(name="d", score=1, facts=("projects", "!orgs"), resolver="x").holds(facts)
    assert not IntentSpec(name="e", score=1, facts=("!projects",), resolver="x").holds(facts)


def _table(**change: object) -> dict[str, object]:
    data = tomllib.loads(INTENTS_PATH.read_text(encoding="utf-8"))
    row = dict(data["question"][0])
    row.update(change)
    data["question"] = [row, *data["question"][1:]]
    return data


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"cues": ["no_such_group"]}, "unknown cue group"),
        ({"not_cues": ["@no_such_set"]}, "no cue set"),
        ({"facts": ["!no_such_fact"]}, "unknown fact"),
        ({"resolver": "no_such_resolver"}, "unknown resolver"),
        ({"name": "not_found"}, "used twice"),
        ({"colour": "red"}, "Extra inputs"),
    ],
)
def test_table_errors_are_caught(change: dict[str, object], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        IntentTable.model_validate(_table(**change))


def test_last_intent_of_each_stage_always_holds() -> None:
    data = tomllib.loads(INTENTS_PATH.read_text(encoding="utf-8"))
    data["project"] = [r for r in data["project"] if r["name"] != "overview"]
    with pytest.raises(ValidationError, match="must hold always"):
        IntentTable.model_validate(data)


def test_stages_are_sorted_by_score() -> None:
    for stage in (intent_table().question, intent_table().project):
        scores = [s.score for s in stage]
        assert scores == sorted(scores, reverse=True)
