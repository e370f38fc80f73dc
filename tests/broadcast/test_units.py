"""Announcements without Telegram: audience specs, HTML checks, typed times, failure reasons,
payloads, and the repository and service on a real SQLite file."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from telegram import Bot

from bot.broadcast import (
    Audience,
    AudienceError,
    BroadcastService,
    check_html,
    parse_when,
    payload_of,
    plain_excerpt,
    reason_of,
)
from bot.clock import FrozenClock
from bot.delivery import Delivery
from bot.i18n import Catalogue
from bot.members import MembersService
from bot.settings import Settings
from bot.storage.broadcasts import BroadcastsRepository, Figures
from bot.storage.database import Database
from bot.storage.members import MembersRepository, Person
from bot.storage.outbox import OutboxRepository
from bot.timezones import zone

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)  # a Monday, 10:00 in Paris
PARIS = zone("Europe/Paris")

# -- audience specs -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("spec", "audience"),
    [
        ("all", Audience("all")),
        ("  Members ", Audience("members")),
        ("groups", Audience("groups")),
        ("project:terress", Audience("project", ("terress",))),
        ("project:coopr,terress", Audience("project", ("coopr", "terress"))),
        ("country:cm,sn", Audience("countries", ("cm", "sn"))),
        ("country:cm, sn,cm", Audience("countries", ("cm", "sn"))),
        ("focal:acal,apida", Audience("focal_points", ("acal", "apida"))),
    ],
)
def test_audience_specs(spec: str, audience: Audience) -> None:
    assert Audience.parse(spec) == audience
    assert Audience.parse(audience.spec()) == audience
    assert Audience.from_json(audience.to_json()) == audience


@pytest.mark.parametrize("spec", ["", "everyone", "project:", "country", "focal:,", "pays:cm"])
def test_bad_audience_specs_say_what_is_accepted(spec: str) -> None:
    with pytest.raises(AudienceError, match="all, members, groups"):
        Audience.parse(spec)


def test_audiences_need_their_values_and_toggle() -> None:
    with pytest.raises(AudienceError):
        Audience("countries")
    picked = Audience("countries", ("cm",))
    assert picked.toggled("sn") == Audience("countries", ("cm", "sn"))
    assert picked.toggled("cm") is None
    assert Audience("groups").reaches_groups and not Audience("groups").reaches_people
    assert not Audience("members").reaches_groups


# -- the HTML of a file -------------------------------------------------------------------------


def test_telegram_html_is_accepted() -> None:
    body = (
        '<b>Appel</b> à <i>contributions</i> : <a href="https://example.org">site</a>\n'
        "<blockquote>cité</blockquote> <code>x</code> <pre>y</pre> <tg-spoiler>z</tg-spoiler>"
        " &lt;pas une balise&gt; &amp; <u>u</u><s>s</s>"
    )
    assert check_html(body) is None


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        ("Ligne 1<br>Ligne 2", "<br> is not supported"),
        ("<p>Bonjour</p>", "<p> is not supported"),
        ("<b>gras", "<b> is never closed"),
        ("<b><i>x</b></i>", "</b> found where </i> was expected"),
        ('<b style="x">x</b>', 'attribute "style"'),
        ("<a>lien</a>", "<a> needs an href"),
        ("   ", "empty"),
        ("x" * 4097, "at most 4096"),
    ],
)
def test_html_telegram_would_refuse_is_explained(body: str, problem: str) -> None:
    found = check_html(body)
    assert found is not None and problem in found


def test_captions_have_their_own_limit() -> None:
    assert check_html("x" * 1025, limit=1024) is not None
    assert check_html("é" * 1024, limit=1024) is None


# -- typed times --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "local"),
    [
        ("2026-12-01 09:00", datetime(2026, 12, 1, 9, 0, tzinfo=PARIS)),
        ("2026-12-01T09:30", datetime(2026, 12, 1, 9, 30, tzinfo=PARIS)),
        ("01/12/2026 9h", datetime(2026, 12, 1, 9, 0, tzinfo=PARIS)),
        ("1/12 9h30", datetime(2026, 12, 1, 9, 30, tzinfo=PARIS)),
        ("le 1/12 à 14:15", datetime(2026, 12, 1, 14, 15, tzinfo=PARIS)),
        ("demain 9h", datetime(2026, 11, 24, 9, 0, tzinfo=PARIS)),
        ("tomorrow at 18:00", datetime(2026, 11, 24, 18, 0, tzinfo=PARIS)),
        ("aujourd'hui 18h", datetime(2026, 11, 23, 18, 0, tzinfo=PARIS)),
        ("18:30", datetime(2026, 11, 23, 18, 30, tzinfo=PARIS)),
        ("15/01 10h", datetime(2027, 1, 15, 10, 0, tzinfo=PARIS)),  # January: next year's
        # The grammar of events and polls (bot/dates.py), which announcements now share.
        ("jeudi 14h", datetime(2026, 11, 26, 14, 0, tzinfo=PARIS)),
        ("12 mars 14h", datetime(2027, 3, 12, 14, 0, tzinfo=PARIS)),
        ("après-demain 10h", datetime(2026, 11, 25, 10, 0, tzinfo=PARIS)),
        ("Thursday 2:30pm", datetime(2026, 11, 26, 14, 30, tzinfo=PARIS)),
    ],
)
def test_times_typed_by_the_author(text: str, local: datetime) -> None:
    assert parse_when(text, PARIS, NOW) == local.astimezone(UTC)


@pytest.mark.parametrize("text", ["", "bientôt", "31/02 9h", "25:00", "demain", "2026-13-01 9h"])
def test_times_not_understood(text: str) -> None:
    assert parse_when(text, PARIS, NOW) is None


def test_an_explicit_past_day_stays_in_the_past() -> None:
    when = parse_when("2026-11-20 09:00", PARIS, NOW)
    assert when is not None and when < NOW
    # A time alone already past today is past too (not silently tomorrow): "demain 9h" says it.
    when = parse_when("9h", PARIS, NOW)
    assert when is not None and when < NOW


# -- reasons, payloads, excerpts ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("state", "error", "reason"),
    [
        ("unreachable", "forbidden: Forbidden: bot was blocked by the user", "blocked"),
        ("unreachable", "forbidden: Forbidden: bot was kicked from the group chat", "kicked"),
        ("unreachable", "forbidden: Forbidden: bot is not a member of the group chat", "kicked"),
        ("unreachable", "forbidden: Forbidden: user is deactivated", "deactivated"),
        ("unreachable", "forbidden: Forbidden: bot can't initiate conversation", "not_started"),
        ("failed", "bad_request: Chat not found", "chat_not_found"),
        ("failed", "bad_request: message is too long", "bad_request"),
        ("failed", "network: Internal Server Error", "gave_up"),
        ("failed", "retry_after", "gave_up"),
        ("failed", "error: ValueError", "error"),
        ("uncertain", "timeout", "timeout"),
        ("uncertain", "interrupted", "interrupted"),
        ("cancelled", None, "cancelled"),
    ],
)
def test_failure_reasons(state: str, error: str | None, reason: str) -> None:
    assert reason_of(state, error) == reason


def test_every_reason_has_a_text_in_both_languages() -> None:
    from bot.broadcast import REASONS

    catalogue = Catalogue.bundled()
    for lang in ("fr", "en"):
        for reason in REASONS:
            assert catalogue.raw(lang, f"broadcast.reasons.{reason}")


def test_payloads_reuse_the_file_and_keep_the_formatting() -> None:
    assert payload_of("text", "<b>Hi</b>", None) == {
        "method": "sendMessage",
        "text": "<b>Hi</b>",
        "parse_mode": "HTML",
        "link_preview_options": {"is_disabled": True},
    }
    assert payload_of("photo", "<i>c</i>", "AgAC123") == {
        "method": "sendPhoto",
        "photo": "AgAC123",
        "caption": "<i>c</i>",
        "parse_mode": "HTML",
    }
    assert payload_of("document", "", "BQAC9") == {"method": "sendDocument", "document": "BQAC9"}
    with pytest.raises(ValueError):
        payload_of("photo", "", None)


def test_plain_excerpt() -> None:
    assert plain_excerpt("<b>Appel</b> &amp; <i>délais</i>\nfin") == "Appel & délais fin"
    assert plain_excerpt("mot " * 30, 20) == "mot mot mot mot mot…"


# -- repository and service ---------------------------------------------------------------------


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    database = await Database.open(tmp_path / "b.sqlite3")
    yield database
    await database.close()


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(NOW)


@pytest.fixture
async def service(db: Database, clock: FrozenClock) -> BroadcastService:
    settings = Settings(telegram={"token": "1:x"})
    members = MembersRepository(db)
    people = [
        # user, country, organisation, role, projects
        (11, "bj", "acal", "focal_point", ["terress"]),
        (12, "bj", "acal", "participant", ["terress", "coopr"]),
        (13, "cm", "cuy", "focal_point", ["coopr"]),
        (14, "sn", None, "participant", []),
        (15, "cm", "cuy", "focal_point", ["coopr"]),  # blocked the bot
    ]
    for user, country, organisation, role, projects in people:
        await members.touch(Person(user, f"P{user}"), NOW, private_chat=True)
        await members.update(user, NOW, country_id=country, organisation_id=organisation, role=role)
        await members.set_projects(user, projects)
    await members.update(15, NOW, reachable=0)
    await members.touch(Person(16, "No chat"), NOW, private_chat=False)  # never wrote
    await members.set_projects(16, ["terress"])
    for chat, project in ((-1, "terress"), (-2, "coopr"), (-3, None)):
        await members.upsert_group(chat, f"G{chat}", "group", NOW)
        if project:
            await members.link_group(chat, project, 11, NOW)
    await members.upsert_group(-4, "Left", "group", NOW)
    await members.link_group(-4, "terress", 11, NOW)
    await members.set_group_active(-4, False, NOW)
    delivery = Delivery(OutboxRepository(db), Bot("1:x"), settings.delivery, clock)
    return BroadcastService(
        BroadcastsRepository(db),
        MembersService(members, settings, clock),
        delivery,
        Catalogue.bundled(),
        settings,
        clock,
    )


@pytest.mark.parametrize(
    ("audience", "people", "groups"),
    [
        (Audience("all"), [11, 12, 13, 14], [-2, -1]),
        (Audience("members"), [11, 12, 13, 14], []),
        (Audience("groups"), [], [-2, -1]),
        (Audience("project", ("terress",)), [11, 12], [-1]),
        (Audience("project", ("coopr", "terress")), [11, 12, 13], [-2, -1]),
        (Audience("countries", ("bj", "sn")), [11, 12, 14], []),
        (Audience("focal_points", ("acal", "cuy")), [11, 13], []),
    ],
)
async def test_who_an_audience_reaches(
    service: BroadcastService, audience: Audience, people: list[int], groups: list[int]
) -> None:
    # Never: people who blocked the bot or never wrote to it, unlinked or inactive groups.
    recipients = await service.recipients(audience)
    assert list(recipients.people) == people
    assert list(recipients.groups) == groups
    assert recipients.count == len(people) + len(groups)


async def test_choices_count_who_each_value_reaches(service: BroadcastService) -> None:
    countries = {c.id: c.count for c in await service.choices("countries", "fr")}
    assert countries == {"bj": 2, "cm": 1, "sn": 1}
    organisations = {c.id: c.count for c in await service.choices("focal_points", "fr")}
    assert organisations == {"acal": 1, "cuy": 1}
    projects = {c.id: c.count for c in await service.choices("project", "fr")}
    assert projects == {"terress": 3, "coopr": 3}  # members + linked groups
    with pytest.raises(ValueError):
        await service.choices("groups", "fr")


async def test_describe_names_the_audience(service: BroadcastService) -> None:
    assert service.describe(Audience("all"), "fr").startswith("Tout le monde")
    assert service.describe(Audience("countries", ("cm", "sn")), "en") == "Members from: CM, SN"


async def test_drafts_life_cycle_and_races(service: BroadcastService, clock: FrozenClock) -> None:
    draft = await service.new_draft(11, "text", "<b>Hi</b>", None, language="fr", timezone=None)
    assert draft.state == "draft" and draft.author_id == 11
    assert await service.draft(draft.id, 11) is not None
    assert await service.draft(draft.id, 12) is None  # someone else's
    # A new draft replaces the author's unfinished one.
    second = await service.new_draft(11, "text", "x", None, language="fr", timezone=None)
    assert await service.get(draft.id) is None
    assert (await service.open_draft(11)) == second
    assert await service.confirm(second.id) is None  # no audience yet
    await service.set_audience(second.id, Audience("groups"))
    later = NOW + timedelta(hours=2)
    await service.set_time(second.id, later)
    scheduled = await service.confirm(second.id, report_chat_id=11, report_message_id=5)
    assert scheduled is not None and scheduled.state == "scheduled"
    assert scheduled.scheduled_at == later and scheduled.report_message_id == 5
    assert await service.confirm(second.id) is None  # a second click
    assert await service.repo.due(NOW) == []
    clock.set(later)
    assert [b.id for b in await service.repo.due(later)] == [second.id]
    # The scheduled job and the periodic check race: only one starts it.
    assert await service.repo.start(second.id, later)
    assert not await service.repo.start(second.id, later)
    assert not await service.cancel(second.id)  # being sent: not cancelled here


async def test_cancelled_announcements_never_start(service: BroadcastService) -> None:
    queued = await service.queue(
        content_type="text",
        body="x",
        file_id=None,
        audience=Audience("all"),
        when=NOW + timedelta(days=1),
        language="fr",
    )
    assert queued.source == "cli" and queued.author_id is None
    assert await service.cancel(queued.id)
    assert not await service.fire(queued.id)
    assert [b.id for b in await service.repo.recent()] == [queued.id]
    assert not await service.cancel(queued.id)


async def test_an_author_who_is_forgotten_leaves_an_anonymous_announcement(
    service: BroadcastService,
) -> None:
    draft = await service.new_draft(11, "text", "x", None, language="fr", timezone=None)
    await service.set_audience(draft.id, Audience("groups"))
    await service.repo.confirm(draft.id, NOW + timedelta(days=1), NOW)
    await service.members.repo.delete(11)  # the row gone, whatever the reason
    kept = await service.get(draft.id)
    assert kept is not None and kept.author_id is None


async def test_finish_records_figures_once(service: BroadcastService) -> None:
    queued = await service.queue(
        content_type="text",
        body="x",
        file_id=None,
        audience=Audience("all"),
        when=None,
        language="fr",
    )
    assert await service.repo.start(queued.id, NOW)
    figures = Figures(delivered=3, unreachable=1, failed=1, uncertain=1)
    assert await service.repo.finish(queued.id, figures, NOW)
    assert not await service.repo.finish(queued.id, Figures(), NOW)
    done = await service.get(queued.id)
    assert done is not None and done.state == "done"
    assert (done.delivered, done.unreachable, done.failed, done.uncertain) == (3, 1, 1, 1)


async def test_the_running_sender_is_known_while_it_ticks(
    service: BroadcastService, clock: FrozenClock
) -> None:
    assert await service.running_sender() is None
    await service.tick()
    assert await service.running_sender() is not None
    clock.advance(timedelta(seconds=60))
    assert await service.running_sender() is None  # not seen lately
    await service.tick()
    await service.stop()
    assert await service.running_sender() is None


def test_every_message_id_used_exists_in_both_languages() -> None:
    import re

    root = Path(__file__).resolve().parents[2]
    files = [root / "bot" / "broadcast.py", root / "bot" / "render" / "broadcast.py"]
    files += sorted((root / "handlers" / "broadcast").glob("*.py"))
    sources = "".join(path.read_text(encoding="utf-8") for path in files)
    used = set(re.findall(r'_t\(\s*context,\s*\w+(?:\.\w+)?,\s*"([a-z_.]+)"', sources))
    used |= set(re.findall(r'self\.t\(\s*\w+,\s*"([a-z_.]+)"', sources))
    used |= {f"buttons.{key}" for key in re.findall(r'_button\(context, lang, "(\w+)"', sources)}
    used |= {f"buttons.{key}" for key in re.findall(r'self\._button\(lang, "(\w+)"', sources)}
    used |= {f"buttons.audience_{kind}" for kind in ("all", "project", "countries")}
    used |= {f"audiences.{kind}" for kind in ("all", "project", "countries", "groups")}
    used |= {f"audience.pick_{kind}" for kind in ("project", "countries", "focal_points")}
    used |= {f"report.{state}" for state in ("unreachable", "failed", "uncertain")}
    assert len(used) > 50
    catalogue = Catalogue.bundled()
    for lang in ("fr", "en"):
        missing = sorted(k for k in used if f"broadcast.{k}" not in catalogue.ids(lang))
        assert not missing, (lang, missing)
