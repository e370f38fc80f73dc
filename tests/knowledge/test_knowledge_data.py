"""The shipped data/ directory: loads cleanly and says what the source documents say."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from bot.knowledge.loader import check, default_data_dir, load_knowledge
from bot.knowledge.models import KnowledgeBase, PartialDate, Text

REPO_DATA = Path(__file__).resolve().parents[2] / "data"

SEEDS = {
    "000_a9a577a5cda4560d",
    "001_7a5dd49553db473c",
    "002_8c8717cdadecf621",
    "003_e7cc6b8c17906ae0",
    "004_71c61e43171e1ffc",
}


def test_data_has_no_problem() -> None:
    assert check(REPO_DATA) == []


def test_default_data_dir_is_the_repository_data() -> None:
    assert default_data_dir() == REPO_DATA


def test_every_record_cites_known_sources(kb: KnowledgeBase) -> None:
    for record in kb.records():
        assert record.source, record.id
        assert set(record.source) <= SEEDS, record.id


def test_every_seed_document_is_used(kb: KnowledgeBase) -> None:
    used = {s for r in kb.records() for s in r.source}
    assert used == SEEDS


# ------------------------------------------------------------------ projects


def test_projects(kb: KnowledgeBase) -> None:
    assert list(kb.projects) == ["coopr", "terress"]
    coopr, terress = kb.projects["coopr"], kb.projects["terress"]
    assert (coopr.period_start_year, coopr.period_end_year) == (2023, 2025)
    assert (terress.period_start_year, terress.period_end_year) == (2024, 2026)
    assert str(coopr.actions_start) == "2023-11" and str(coopr.actions_end) == "2025-07"
    assert str(terress.actions_start) == "2024-11" and str(terress.actions_end) == "2026-10"
    assert coopr.co_financing_rate == 50.0
    assert terress.co_financing_rate == 67.5
    assert coopr.call_for_projects == "Clés en main 2023-2025"
    assert terress.call_for_projects == "Clés en main 2024-2026"
    assert coopr.call_triennial and terress.call_triennial
    assert coopr.animator is None
    assert terress.animator == "airf"
    assert coopr.technical_partners_count == 3
    assert terress.technical_partners_count is None
    assert {f.body for f in coopr.funders} == {"daect"}
    assert {f.body for f in terress.funders} == {"dctciv", "daect", "meae"}


def test_announced_figures_are_kept_as_announcements(kb: KnowledgeBase) -> None:
    coopr, terress = kb.projects["coopr"], kb.projects["terress"]
    assert coopr.announced_countries == 6
    assert terress.announced_countries == 8
    assert "bj" not in terress.announced_country_ids
    assert terress.announced_members is not None
    assert "vingtaine" in terress.announced_members.fr
    assert coopr.announced_members is not None
    assert "quinzaine" in coopr.announced_members.fr


@pytest.mark.parametrize(
    ("spelling", "project"),
    [
        ("COOP'R", "coopr"),
        ("COOPR", "coopr"),
        ("Coop R", "coopr"),
        ("COOP’R", "coopr"),
        ("coopr", "coopr"),
        ("Terr'ESS", "terress"),
        ("TerrESS", "terress"),
        ("Terres", "terress"),
        ("Terr ESS", "terress"),
        ("terr’ess", "terress"),
    ],
)
def test_project_spellings(kb: KnowledgeBase, spelling: str, project: str) -> None:
    assert [r.id for r in kb.lookup(spelling)] == [project]


@pytest.mark.parametrize(
    ("today", "coopr", "terress"),
    [
        (dt.date(2023, 10, 31), "planned", "planned"),
        (dt.date(2023, 11, 1), "ongoing", "planned"),
        (dt.date(2024, 11, 15), "ongoing", "ongoing"),
        (dt.date(2025, 7, 31), "ongoing", "ongoing"),
        (dt.date(2025, 8, 1), "finished", "ongoing"),
        (dt.date(2026, 10, 31), "finished", "ongoing"),
        # Terr'ESS's actions end in October 2026 but its 2026 gathering may still come
        (dt.date(2026, 11, 1), "finished", "ongoing"),
        (dt.date(2027, 1, 1), "finished", "finished"),
    ],
)
def test_status_is_derived_from_dates(
    kb: KnowledgeBase, today: dt.date, coopr: str, terress: str
) -> None:
    assert kb.projects["coopr"].status(today) == coopr
    assert kb.projects["terress"].status(today) == terress


# ------------------------------------------------------------------ members

COOPR_MEMBERS = {
    "bj": ["acal", "apida", "ccp", "gi-mono"],
    "cm": ["cr-ouest-cameroun"],
    "ci": ["cr-kabadougou", "cr-sud-comoe", "cr-tchologo"],
    "fr": ["grand-est", "region-sud", "pnr-bauges", "pnr-vercors"],
    "ma": ["beni-mellal-khenifra", "fes-meknes", "oriental"],
    "sn": ["cd-gossas", "cd-louga"],
}

TERRESS_MEMBERS = {
    "am": ["lori"],
    "bj": ["acal", "gic"],
    "cm": [
        "cr-centre-cameroun",
        "cr-extreme-nord",
        "cr-littoral-cameroun",
        "cr-nord-cameroun",
        "cr-ouest-cameroun",
        "cr-sud-cameroun",
    ],
    "ci": [
        "district-abidjan",
        "cr-agneby-tiassa",
        "cr-gontougo",
        "cr-kabadougou",
        "cr-nzi",
        "cr-tonkpi",
    ],
    "fr": ["auvergne-rhone-alpes", "grand-est", "nouvelle-aquitaine"],
    "mg": ["cr-analanjirofo", "cr-atsinanana", "cr-itasy"],
    "ma": ["oriental", "rabat-sale-kenitra", "souss-massa"],
    "cg": ["cd-lekoumou", "cd-niari", "cd-sangha"],
    "sn": ["cd-bambey", "cd-keur-massar", "cd-tivaouane", "cm-pikine"],
}


def _by_country(kb: KnowledgeBase, project: str) -> dict[str, set[str]]:
    return {c: {o.id for o in orgs} for c, orgs in kb.members_by_country(project).items()}


def test_coopr_members(kb: KnowledgeBase) -> None:
    # The page lists 17 local governments (the two regional natural parks are named in one
    # line) from 6 countries, while it announces "une quinzaine".
    assert len(kb.members("coopr")) == 17
    assert len(kb.member_countries("coopr")) == 6
    assert _by_country(kb, "coopr") == {c: set(ids) for c, ids in COOPR_MEMBERS.items()}


def test_terress_members(kb: KnowledgeBase) -> None:
    assert len(kb.members("terress")) == 31
    assert len(kb.member_countries("terress")) == 9
    assert _by_country(kb, "terress") == {c: set(ids) for c, ids in TERRESS_MEMBERS.items()}
    assert kb.members_by_country("terress")["bj"][0].id == "acal"


def test_members_shared_by_both_projects(kb: KnowledgeBase) -> None:
    shared = {o.id for o in kb.shared_members("coopr", "terress")}
    assert shared == {"acal", "cr-ouest-cameroun", "cr-kabadougou", "grand-est", "oriental"}
    assert shared == {o.id for o in kb.shared_members()}


def test_shared_members_keep_each_listing(kb: KnowledgeBase) -> None:
    ouest = kb.organisations["cr-ouest-cameroun"]
    assert ouest.listed_as == {
        "coopr": "Conseil régional de l'Ouest",
        "terress": "Conseil régional Ouest",
    }


def test_non_member_organisations(kb: KnowledgeBase) -> None:
    others = {o.id for o in kb.organisations.values() if not o.projects}
    assert others == {
        "tanger-tetouan-al-hoceima",
        "dijon",
        "chefchaouen",
        "marrakech-safi",
        "ex-limousin",
    }
    assert kb.organisations["ex-limousin"].merged_into == "nouvelle-aquitaine"


@pytest.mark.parametrize(
    ("name", "record"),
    [
        ("GI-Mono", "gi-mono"),
        ("Groupement Intercommunal du Mono", "gi-mono"),
        ("Région Sud", "region-sud"),
        ("PACA", "region-sud"),
        ("Provence-Alpes-Côte d'Azur", "region-sud"),
        ("Fès-Meknès", "fes-meknes"),
        ("Fes Meknes", "fes-meknes"),
        ("Béni Mellal-Khénifra", "beni-mellal-khenifra"),
        ("Conseil régional Ouest", "cr-ouest-cameroun"),
        ("Kabadougou", "cr-kabadougou"),
        ("Chefchaouen", "chefchaouen"),
        ("Marrakech-Safi", "marrakech-safi"),
        ("Cap Coopération", "cap-cooperation"),
        ("GPMar", "gpmar"),
        ("Groupe Pays Maroc", "gpmar"),
        ("AIRF", "airf"),
        ("DAECT", "daect"),
        ("DCTCIV", "dctciv"),
        ("FICOL", "ficol"),
        ("Bourse-partenariat", "bourse-partenariat"),
        ("PACT3", "pact3"),
        ("ESS", "ess"),
        ("Clés en mains", "cles-en-main"),
        ("JDR2017", "atelier-jdr2017"),
        ("RRMA", "rrma"),
        ("MDH", "mdh"),
        ("Loi Oudin", "loi-oudin"),
    ],
)
def test_lookup_names_and_aliases(kb: KnowledgeBase, name: str, record: str) -> None:
    assert [r.id for r in kb.lookup(name)] == [record]


def test_names_are_unambiguous_across_records(kb: KnowledgeBase) -> None:
    """No spelling points to two records, except action titles shared by both projects and
    the COOP'R line naming the two regional natural parks together."""
    clashes = {
        key: sorted(r.id for r in recs)
        for key, recs in kb.name_index().items()
        if len(recs) > 1 and any(r.kind != "action" for r in recs)
    }
    assert set(map(tuple, clashes.values())) == {("pnr-bauges", "pnr-vercors")}


# ------------------------------------------------------------------ countries


def test_countries(kb: KnowledgeBase) -> None:
    assert set(kb.countries) == {"bj", "cm", "ci", "fr", "ma", "sn", "am", "mg", "cg", "dj"}
    assert kb.countries["ci"].timezones == ["Africa/Abidjan"]
    assert kb.countries["mg"].timezones == ["Indian/Antananarivo"]
    assert kb.countries["am"].timezones == ["Asia/Yerevan"]


@pytest.mark.parametrize(
    ("name", "country"),
    [
        ("Cote d'Ivoire", "ci"),
        ("Ivory Coast", "ci"),
        ("RCI", "ci"),
        ("ivoiriennes", "ci"),
        ("Congo-Brazzaville", "cg"),
        ("République du Congo", "cg"),
        ("Armenia", "am"),
        ("malgache", "mg"),
        ("camerounaise", "cm"),
        ("béninois", "bj"),
        ("djiboutien", "dj"),
        ("Senegalese", "sn"),
    ],
)
def test_country_names_and_demonyms(kb: KnowledgeBase, name: str, country: str) -> None:
    assert [r.id for r in kb.lookup(name)] == [country]


# ------------------------------------------------------------------ actions


def test_actions_numbering(kb: KnowledgeBase) -> None:
    coopr = kb.project_actions("coopr")
    assert [a.number for a in coopr] == [0, 1, 2, 3, 4, 5, None]
    assert coopr[-1].transversal
    terress = kb.project_actions("terress")
    assert [a.number for a in terress] == [1, 2, 3, 4, 5, None]


def test_action_counts(kb: KnowledgeBase) -> None:
    assert kb.actions["coopr-4"].count == 10
    assert kb.actions["coopr-2"].per_year == 1
    assert kb.actions["coopr-3"].location is not None
    assert kb.actions["coopr-3"].location.country == "fr"
    assert kb.actions["terress-3"].count == 6
    assert kb.actions["terress-3"].interval_months == 4
    assert kb.actions["terress-4"].count == 3
    assert kb.actions["terress-4"].guests[0].count == 15


def test_terress_gatherings(kb: KnowledgeBase) -> None:
    first, second, third = kb.actions["terress-4"].milestones
    assert (str(first.date), first.place and first.place.country) == ("2025-04", "ma")
    assert str(second.date) == "2025-10"
    assert second.place is not None
    assert (second.place.country, second.place.city) == ("fr", "Bordeaux")
    assert second.occasion_term == "forum-mondial-ess"
    assert second.guests[0].count == 15
    assert third.date is not None and third.date.precision == "year"
    assert third.occasion_term == "forum-jeunes-leaders-ess"
    assert not first.guests
    assert first.status(dt.date(2025, 4, 10)) == "ongoing"
    assert second.status(dt.date(2025, 4, 10)) == "planned"


# ------------------------------------------------------------------ partnership, networks, meetings


def test_dijon_chefchaouen(kb: KnowledgeBase) -> None:
    p = kb.partnerships["dijon-chefchaouen"]
    assert p.french_partners == ["dijon"] and p.foreign_partners == ["chefchaouen"]
    assert (p.first_agreement_year, p.start_year) == (2016, 2020)
    assert p.end_date is not None and p.end_date.last_day() == dt.date(2021, 12, 31)
    assert p.recorded_status == "En cours"
    assert p.triennial is False
    assert p.years() == [2020, 2021]
    assert p.total_eur(2020) == 8845 + 11241 + 2689
    assert p.total_eur(2021) == 8845 + 14343 + 2689
    assert p.other_themes[0].priority == 1
    assert p.diplomatic_post_country == "ma"


def test_gpmar(kb: KnowledgeBase) -> None:
    g = kb.networks["gpmar"]
    assert len(g.objectives) == 3
    assert g.hosted_by == g.secretariat == "cap-cooperation"
    assert g.membership_required is False


def test_limoges_agenda(kb: KnowledgeBase) -> None:
    m = kb.meetings["gpmar-limoges-2016"]
    assert str(m.date) == "2016-11-04"
    assert len(m.objectives) == 2
    assert len(m.agenda) == 11
    assert (m.agenda[0].start, m.agenda[0].end) == (dt.time(14, 0), dt.time(14, 15))
    assert (m.agenda[-1].start, m.agenda[-1].end) == (dt.time(16, 45), dt.time(17, 30))
    for before, after in zip(m.agenda, m.agenda[1:], strict=False):
        assert before.end == after.start


def test_jdr2017_and_assises(kb: KnowledgeBase) -> None:
    w = kb.meetings["atelier-jdr2017"]
    assert str(w.date) == "2017-07-17" and len(w.parts) == 3
    a = kb.meetings["assises-franco-beninoises-2016"]
    assert (str(a.date), str(a.end_date)) == ("2016-11-04", "2016-11-05")
    assert len(a.outcomes) == 3


# ------------------------------------------------------------------ privacy

# Individuals named in the source documents (with or without e-mail addresses).
PEOPLE = [
    "Bouin",
    "Commelin",
    "El Bakali",
    "Abdelali",
    "Chihani",
    "Khalid",
    "Guillaume Bertrand",
    "Proeschel",
    "Pallier",
    "Gauthier",
    "Rebsamen",
    "Sefiani",
]
EMAIL = re.compile(r"[\w.+-]+(@|\[at\])[\w-]+\.[\w.]+")


@pytest.mark.parametrize(
    "file", sorted(p for p in REPO_DATA.glob("*") if p.is_file()), ids=lambda p: p.name
)
def test_no_personal_details(file: Path) -> None:
    """People named in a public role live in people.toml only (name and role, issue 11);
    no file holds an e-mail address or a phone number."""
    text = file.read_text(encoding="utf-8")
    assert not EMAIL.search(text)
    assert not re.search(r"(?:\+\d{2,3}|\b0)[ .-]?\d(?:[ .-]?\d{2}){4}\b", text)
    if file.name == "people.toml":
        return
    for name in PEOPLE:
        assert name not in text, name


def test_people_named_in_their_public_role(kb: KnowledgeBase) -> None:
    named = " ".join(n for p in kb.people.values() for n in p.names())
    for name in PEOPLE:
        assert name in named, name
    assert kb.people["bertand-commelin"].role_ref == "cocac"
    assert kb.people["abdelali-el-bakali"].organisation == "chefchaouen"
    assert (
        "chef de division environnement et coopération" in kb.people["abdelali-el-bakali"].role.fr
    )
    leads = {(lead.meeting, str(lead.start)) for lead in kb.people["khalid-chihani"].leads}
    assert ("gpmar-limoges-2016", "15:30:00") in leads


@pytest.mark.parametrize("file", sorted((REPO_DATA / "documents").glob("*")), ids=lambda p: p.name)
def test_documents_have_no_contact_details(file: Path) -> None:
    """The documents keep people in a public role by name and role (issue 11), never an
    e-mail address or a phone number."""
    from bot.knowledge.documents import contact_details

    text = file.read_text(encoding="utf-8")
    assert not EMAIL.search(text)
    assert not contact_details(text)
    assert "coopdec" not in text and "diplomatie.gouv" not in text and "1961" not in text


# ------------------------------------------------------------------ value types


def test_text_get() -> None:
    t = Text(fr="bonjour", en="hello")
    assert t.get("fr") == "bonjour"
    assert t.get("en") == "hello"
    assert t.get("en-GB") == "hello"
    assert t.get("de") == "bonjour"


@pytest.mark.parametrize(
    ("raw", "precision", "first", "last", "fr", "en"),
    [
        ("2026", "year", dt.date(2026, 1, 1), dt.date(2026, 12, 31), "2026", "2026"),
        ("2025-04", "month", dt.date(2025, 4, 1), dt.date(2025, 4, 30), "avril 2025", "April 2025"),
        (
            dt.date(2016, 11, 4),
            "day",
            dt.date(2016, 11, 4),
            dt.date(2016, 11, 4),
            "4 novembre 2016",
            "4 November 2016",
        ),
        (
            "2024-02",
            "month",
            dt.date(2024, 2, 1),
            dt.date(2024, 2, 29),
            "février 2024",
            "February 2024",
        ),
    ],
)
def test_partial_date(
    raw: object, precision: str, first: dt.date, last: dt.date, fr: str, en: str
) -> None:
    d = PartialDate.model_validate(raw)
    assert d.precision == precision
    assert (d.first_day(), d.last_day()) == (first, last)
    assert (d.format("fr"), d.format("en")) == (fr, en)
    assert PartialDate.model_validate(str(d)) == d


@pytest.mark.parametrize("raw", ["2025-13", "2025-02-30", "25-04", "avril 2025", "2025/04"])
def test_partial_date_rejects(raw: str) -> None:
    with pytest.raises(ValueError):
        PartialDate.model_validate(raw)


def test_cooperation_partners(kb: KnowledgeBase) -> None:
    assert [o.id for o in kb.cooperation_partners("ex-limousin")] == ["marrakech-safi"]
    assert [o.id for o in kb.cooperation_partners("marrakech-safi")] == ["ex-limousin"]
    assert [o.id for o in kb.cooperation_partners("dijon")] == ["chefchaouen"]
    assert [o.id for o in kb.cooperation_partners("region-sud")] == ["tanger-tetouan-al-hoceima"]
    limousin = kb.organisations["ex-limousin"]
    assert limousin.cooperation_since == 1991
    assert len(limousin.priority_areas) == 3


def test_lookup_does_not_change_equality(kb: KnowledgeBase) -> None:
    fresh = load_knowledge(REPO_DATA)
    kb.lookup("COOP'R")
    assert fresh == kb
    assert kb.name_index() is kb.name_index()
