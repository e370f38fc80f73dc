"""The events service on a real SQLite file: the one-line form, drafts, RSVPs and the report,
the agenda with the milestones of data/, and the .ics files."""

from __future__ import annotations

import html
from datetime import UTC, datetime, timedelta

import pytest
from icalendar import Calendar

from bot.dates import DateError
from bot.events import EventInputError
from bot.storage.events import EventFields
from bot.storage.members import Person
from bot.timezones import zone
from tests.conftest import ALICE, BOB, COORDINATOR
from tests.events.conftest import PROJECT, T0, Env, standard_roster, webinar

PARIS = zone("Europe/Paris")


def test_the_one_line_form(env: Env) -> None:
    fields = env.events.parse_line(
        "Terr'ESS | webinaire | Économie sociale | 12/11 14h | 1h30 | https://visio.example.org/x"
        " | Ordre du jour | points divers",
        PARIS,
    )
    assert fields.project_id == PROJECT and fields.kind == "webinar"
    assert fields.title == "Économie sociale"
    assert fields.starts_at == datetime(2026, 11, 12, 13, 0, tzinfo=UTC)
    assert fields.duration == timedelta(minutes=90)
    assert fields.link == "https://visio.example.org/x" and fields.place is None
    assert fields.description == "Ordre du jour | points divers"
    assert fields.timezone == "Europe/Paris"
    gathering = env.events.parse_line(
        "coopr | regroupement | AG | 20/11 9h | 2 jours | Dakar", PARIS
    )
    assert gathering.kind == "gathering" and gathering.place == "Dakar" and gathering.link is None
    assert gathering.duration == timedelta(days=2)


@pytest.mark.parametrize(
    ("line", "key"),
    [
        ("terress | webinar | Titre | 12/11 14h", "create.too_few_fields"),
        ("atlantis | webinar | Titre | 12/11 14h | 90", "agenda.unknown_project"),
        ("terress | apéro | Titre | 12/11 14h | 90", "create.bad_kind"),
        ("terress | webinar | T | 12/11 14h | 90", "create.bad_title"),
        ("terress | webinar | Titre | 12/11 14h | 90 | http://x", "create.bad_link"),
    ],
)
def test_one_line_errors(env: Env, line: str, key: str) -> None:
    with pytest.raises(EventInputError) as error:
        env.events.parse_line(line, PARIS)
    assert error.value.key == key
    # every error has a message
    assert env.events.render.error("fr", error.value, PARIS, now=env.clock.now())


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("terress | webinar | Titre | 1/11 14h | 90", "past"),
        ("terress | webinar | Titre | 12/11 | 90", "no_time"),
        ("terress | webinar | Titre | 12/11 14h | trois heures", "bad_duration"),
    ],
)
def test_one_line_date_errors(env: Env, line: str, reason: str) -> None:
    with pytest.raises(DateError) as error:
        env.events.parse_line(line, PARIS)
    assert error.value.reason == reason
    assert env.events.render.error("en", error.value, PARIS, now=env.clock.now())


async def test_a_draft_is_saved_once(env: Env) -> None:
    await standard_roster(env.members.repo, env.clock.now())
    person = Person(COORDINATOR, "Claire")
    draft = await env.events.prepare(webinar(T0 + timedelta(days=3)), by=person)
    toggled = await env.events.toggle_remind_all(draft.id)
    assert toggled is not None and toggled.fields.remind_all
    event = await env.events.save_draft(draft.id)
    assert event is not None and event.remind_all and event.created_by == COORDINATOR
    assert await env.events.save_draft(draft.id) is None  # a second press does nothing
    assert len(await env.events.upcoming(None)) == 1
    other = await env.events.prepare(webinar(T0 + timedelta(days=4)), by=person)
    assert await env.events.drop_draft(other.id)
    assert await env.events.save_draft(other.id) is None


async def test_a_draft_in_the_past_by_saving_time_is_refused(env: Env) -> None:
    draft = await env.events.prepare(webinar(T0 + timedelta(minutes=10)), by=None)
    env.clock.advance(timedelta(minutes=20))
    with pytest.raises(DateError):
        await env.events.save_draft(draft.id)


async def test_an_edit_without_change_is_refused(env: Env) -> None:
    event = await env.events.create(webinar(T0 + timedelta(days=3)))
    assert event is not None
    with pytest.raises(EventInputError) as error:
        await env.events.update(event.id, event.fields)
    assert error.value.key == "edit.nothing_changed"
    await env.events.cancel(event.id)
    with pytest.raises(EventInputError) as error:
        await env.events.update(event.id, event.fields.with_changes(title="Autre titre"))
    assert error.value.key == "edit.not_editable"


async def test_rsvp_and_the_report_grouped_by_country_and_organisation(env: Env) -> None:
    await standard_roster(env.members.repo, env.clock.now())
    event = await env.events.create(webinar(T0 + timedelta(days=3)))
    assert event is not None
    rsvp = env.events.rsvp
    alice, bob = Person(ALICE, "Alice", "Kouassi"), Person(BOB, "Bob", "Smith")
    claire = Person(COORDINATOR, "Claire", "Dupont")
    assert (await rsvp(event.id, alice, "yes", private_chat=True)).status == "ok"
    await rsvp(event.id, bob, "maybe", private_chat=True)
    await rsvp(event.id, claire, "yes", private_chat=True)
    await rsvp(event.id, claire, "no", private_chat=True)  # changed their mind
    # Someone unknown pressed the button in a group: remembered, with no country.
    stranger = await rsvp(
        event.id, Person(3001, "Zoé", language_code="fr"), "yes", private_chat=False
    )
    assert stranger.status == "ok" and stranger.member is not None
    assert not stranger.member.private_chat
    report = await env.events.rsvp_report(event.id, "fr")
    assert report is not None
    assert (report.counts.yes, report.counts.maybe, report.counts.no) == (2, 1, 1)
    assert [c.name for c in report.countries] == [
        "Arménie",
        "Côte d'Ivoire",
        "France",
        "Pays non renseigné",
    ]
    text = html.unescape(env.events.render.rsvp_report("fr", report, PARIS))
    assert "District autonome d'Abidjan : ✅ Alice Kouassi" in text
    assert "Conseil provincial Lori : 🤔 Bob Smith" in text
    assert "❌ Claire Dupont" in text
    assert "organisation non renseignée : ✅ Zoé" in text
    assert (await rsvp(999, Person(ALICE, "Alice"), "yes", private_chat=True)).status == "unknown"
    await env.events.cancel(event.id)
    assert (await rsvp(event.id, Person(ALICE, "A"), "no", private_chat=True)).status == "cancelled"


async def test_rsvp_after_the_end_is_refused(env: Env) -> None:
    event = await env.events.create(webinar(T0 + timedelta(hours=1), minutes=30))
    assert event is not None
    env.clock.advance(timedelta(hours=2))
    result = await env.events.rsvp(event.id, Person(ALICE, "Alice"), "yes", private_chat=True)
    assert result.status == "ended"


async def test_agenda_lists_coming_events_and_the_milestones_with_their_precision(
    env: Env,
) -> None:
    await standard_roster(env.members.repo, env.clock.now())
    later = await env.events.create(webinar(T0 + timedelta(days=9), title="Deuxième"))
    sooner = await env.events.create(webinar(T0 + timedelta(days=2), title="Premier"))
    other = await env.events.create(
        webinar(T0 + timedelta(days=3), project="coopr", title="COOP'R")
    )
    gone = await env.events.create(webinar(T0 + timedelta(days=4), title="Annulé"))
    assert later and sooner and other and gone
    await env.events.cancel(gone.id)
    agenda = await env.events.agenda([PROJECT], "fr")
    assert [e.title for e in agenda.events] == ["Premier", "Deuxième"]
    # data/ knows Terr'ESS's third gathering for "2026" only: shown as a year, not a time.
    assert any(m.date.precision == "year" and str(m.date) == "2026" for m in agenda.milestones)
    listing = env.events.render.agenda_listing(
        "fr",
        agenda.events,
        agenda.milestones,
        lambda e: env.events.where_for_group(e),
        [PROJECT],
        now=env.clock.now(),
    )
    text = "\n".join([listing.title, *listing.items])
    assert "• 2026 — 3e regroupement (Terr'ESS)" in html.unescape(text)
    everything = await env.events.agenda(None, "en")
    assert [e.title for e in everything.events] == ["Premier", "COOP'R", "Deuxième"]


def test_projects_for_a_reader(env: Env) -> None:
    from bot.storage.members import GroupChat

    group = GroupChat(-1, "g", "group", "coopr", True, None, None)
    assert env.events.projects_for(None, group, None) == ["coopr"]
    assert env.events.projects_for(None, group, "terr ess") == [PROJECT]
    assert env.events.projects_for(None, None, None) is None
    with pytest.raises(EventInputError):
        env.events.projects_for(None, None, "atlantis")


async def test_ics_of_one_event_and_of_an_agenda(env: Env) -> None:
    event = await env.events.create(
        webinar(T0 + timedelta(days=2), title="Webinaire; ESS, économie")
    )
    assert event is not None
    data = env.events.calendar([event], "fr", "Agenda", [])
    calendar = Calendar.from_ical(data)
    (vevent,) = calendar.walk("VEVENT")
    assert str(vevent["uid"]) == f"event-{event.id}@coopbot"
    assert str(vevent["summary"]) == "Webinaire; ESS, économie"
    assert vevent.decoded("dtstart") == event.starts_at
    assert vevent.decoded("dtend") == event.ends_at
    assert str(vevent["url"]) == "https://visio.example.org/ess"
    assert str(vevent["status"]) == "CONFIRMED" and int(vevent["sequence"]) == 1
    assert b"DTSTART:20261107T090000Z" in data
    await env.events.update(event.id, event.fields.with_changes(title="Nouveau titre"))
    await env.events.cancel(event.id)
    cancelled = await env.events.get(event.id)
    assert cancelled is not None
    (again,) = Calendar.from_ical(env.events.calendar([cancelled], "fr", "A", [])).walk("VEVENT")
    assert str(again["status"]) == "CANCELLED" and int(again["sequence"]) == 3


def test_event_fields_round_trip_as_json() -> None:
    fields = webinar(T0, countries=("sn", "ma"), offsets=("1d",), remind_all=True)
    assert EventFields.from_json(fields.to_json()) == fields


async def test_personal_data_and_forgetting(env: Env) -> None:
    await standard_roster(env.members.repo, env.clock.now())
    claire = Person(COORDINATOR, "Claire", "Dupont")
    draft = await env.events.prepare(webinar(T0 + timedelta(days=3)), by=claire)
    event = await env.events.save_draft(draft.id)
    assert event is not None
    await env.events.rsvp(event.id, Person(ALICE, "Alice", "Kouassi"), "yes", private_chat=True)
    alice = await env.events.personal_data(ALICE)
    assert alice is not None and alice["answers"][0]["answer"] == "yes"  # type: ignore[index]
    mine = await env.events.personal_data(COORDINATOR)
    assert mine is not None and mine["events_created"][0]["id"] == event.id  # type: ignore[index]
    assert await env.events.personal_data(BOB) is None
    # Forgetting a member (their record deleted): answers and drafts go, the event stays.
    await env.members.repo.delete(ALICE)
    await env.members.repo.delete(COORDINATOR)
    assert await env.events.personal_data(ALICE) is None
    assert await env.events.personal_data(COORDINATOR) is None
    kept = await env.events.get(event.id)
    assert kept is not None and kept.created_by is None
