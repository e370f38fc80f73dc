"""``coopbot events add|list|cancel``: events from the terminal.

The terminal writes to the same SQLite file as the bot: an event added here is announced (its
announcement is queued in the outbox) and reminded by the running bot, which picks new events
up within a minute; if the bot is not running, everything goes out when it starts.
"""

from __future__ import annotations

import argparse
import html
import re
import sys
from typing import Any

from bot.cli.options import add_lang
from bot.limits import number_argument

KIND_HELP = "visioconference (visio), webinar (webinaire), gathering (regroupement), seminar, other"


def add_parser(sub: Any) -> None:
    events: argparse.ArgumentParser = sub.add_parser(
        "events", help="events: add one, list the coming ones, cancel one"
    )
    actions = events.add_subparsers(dest="events_command", required=True, metavar="ACTION")

    add = actions.add_parser(
        "add",
        help="add an event (confirmed before saving)",
        description="Add an event: either one line 'PROJECT | KIND | TITLE | WHEN | DURATION "
        "[| LINK or PLACE] [| DESCRIPTION]', or the options below. WHEN is read in --timezone "
        "(default: the settings' default_timezone).",
    )
    add.add_argument("line", nargs="?", help="the one-line form, quoted")
    add.add_argument("--project", help="project id or name (terress, coopr...)")
    add.add_argument("--kind", help=KIND_HELP)
    add.add_argument("--title")
    add.add_argument(
        "--when", help="e.g. 'jeudi 14h30', 'demain 9h', 'DD/MM 14h', 'YYYY-MM-DD HH:MM'"
    )
    add.add_argument("--duration", help="e.g. 90, 1h30, 2 jours")
    add.add_argument(
        "--repeat",
        help="a series: 'chaque mois le 1er jeudi 10h', 'every 2 weeks on Tuesday 15:00',"
        " 'chaque lundi 9h jusqu'au DD/MM' (alone, it also gives WHEN; with --when, the"
        " missing day and time come from it)",
    )
    add.add_argument("--capacity", type=int, help="places of an in-person gathering")
    add.add_argument("--link", help="online link (https://...)")
    add.add_argument("--dial-in", help="phone dial-in")
    add.add_argument("--place", help="physical place")
    add.add_argument("--description", default="")
    add.add_argument("--timezone", help="IANA zone of WHEN (default: default_timezone)")
    add.add_argument("--countries", help="only members of these countries: sn,ma")
    add.add_argument("--offsets", help="reminders before the start: '7d,1d,1h,0m'")
    add.add_argument(
        "--remind-all",
        action="store_true",
        help="private reminders to every invited member, not only those who said yes/maybe",
    )
    add.add_argument("-y", "--yes", action="store_true", help="save without asking")
    add_lang(add)
    add.set_defaults(func=cmd_add)

    listing = actions.add_parser("list", help="coming events (with --all: past and cancelled)")
    listing.add_argument("--project", help="only this project")
    listing.add_argument("--all", action="store_true", help="also past and cancelled events")
    listing.set_defaults(func=cmd_list)

    cancel = actions.add_parser("cancel", help="cancel an event: its answerers and groups are told")
    cancel.add_argument(
        "event", type=number_argument(), help="event number (see: coopbot events list)"
    )
    cancel.add_argument("-y", "--yes", action="store_true", help="cancel without asking")
    add_lang(cancel)
    cancel.set_defaults(func=cmd_cancel)


def plain(text: str) -> str:
    """Telegram HTML as terminal text."""
    return html.unescape(re.sub(r"<[^>]+>", "", text))


async def _open(args: argparse.Namespace) -> Any:
    """(services to close, events service, settings): the application's services on the
    configured database, knowledge loaded; the announcements are queued in the outbox for
    the running bot (nothing is sent from here)."""
    from contextlib import AsyncExitStack

    from bot.cli import services, settings_or_exit

    settings = settings_or_exit(args)
    opened = AsyncExitStack()
    built = await opened.enter_async_context(services(settings))
    return opened, built.events, settings


def _confirm(question: str) -> bool:
    print(question, end=" ", flush=True)
    try:
        answer = input()
    except EOFError:
        print()
        return False
    return answer.strip().lower() in ("y", "yes", "o", "oui")


def _say(service: Any, lang: str, key: str, **params: object) -> str:
    """A line of the terminal in the language of what it prints (``--lang`` or the settings)."""
    return plain(service.render.catalogue.t(lang, f"events.cli.{key}", **params))


def _error(service: Any, lang: str, error: Exception, tz: Any) -> str:
    return plain(service.render.error(lang, error, tz, now=service.clock.now()))


def cmd_add(args: argparse.Namespace) -> int:
    from bot.cli import run_async

    async def work() -> int:
        from bot.dates import DateError, parse_offsets
        from bot.events import EventInputError, web_link
        from bot.storage.events import EventFields
        from bot.timezones import zone

        opened, service, settings = await _open(args)
        lang = args.lang or settings.default_language
        try:
            tz = zone(args.timezone) if args.timezone else settings.zone
        except ValueError:
            from bot.cli import say
            from bot.roster_csv import zone_suggestions

            close = zone_suggestions(args.timezone)
            hint = say(args, "events.did_you_mean", names=", ".join(close)) if close else ""
            print(
                say(args, "events.unknown_zone", value=args.timezone, suggestions=hint),
                file=sys.stderr,
            )
            await opened.aclose()
            return 2
        try:
            if args.repeat and not args.when and not args.line:
                args.when, args.repeat = args.repeat, None
            if args.line:
                fields = service.parse_line(args.line, tz)
            else:
                missing = [
                    name
                    for name in ("project", "kind", "title", "when", "duration")
                    if not getattr(args, name)
                ]
                if missing:
                    from bot.cli import say

                    options = ", ".join(f"--{name}" for name in missing)
                    print(say(args, "events.missing", options=options), file=sys.stderr)
                    return 2
                line = " | ".join([args.project, args.kind, args.title, args.when, args.duration])
                fields = service.parse_line(line, tz)
            fields = fields.with_changes(
                link=web_link(args.link) if args.link else fields.link,
                dial_in=args.dial_in or fields.dial_in,
                place=args.place or fields.place,
                description=args.description or fields.description,
                remind_all=bool(args.remind_all),
                countries=tuple(c.strip() for c in args.countries.split(",") if c.strip())
                if args.countries
                else None,
                offsets=tuple(parse_offsets(args.offsets)) if args.offsets else None,
            )
            if args.repeat:
                from bot.recurrence import parse_repeat

                rule = parse_repeat(args.repeat, service.clock.now(), tz, start=fields.starts_at)
                fields = fields.with_changes(repeat=rule.rule.to_rrule())
            if args.capacity is not None:
                fields = fields.with_changes(capacity=args.capacity)
            assert isinstance(fields, EventFields)
            service.validate(fields)
            summary = service.render.draft_summary(
                lang, fields, tz, service.reminders.offsets_of(fields)
            )
            print(plain(summary))
            if not args.yes and not _confirm(_say(service, lang, "save")):
                print(_say(service, lang, "not_saved"))
                return 1
            event = await service.create(fields)
            if event is None:
                print(_say(service, lang, "not_saved"), file=sys.stderr)
                return 1
            print(_say(service, lang, "saved", id=event.id))
            return 0
        except (EventInputError, DateError) as error:
            print(f"coopbot: {_error(service, lang, error, tz)}", file=sys.stderr)
            return 1
        finally:
            await opened.aclose()

    result: int = run_async(work)
    return result


def cmd_list(args: argparse.Namespace) -> int:
    from bot.cli import run_async, say

    async def work() -> int:
        opened, service, _settings = await _open(args)
        try:
            projects = None
            if args.project:
                from bot.names import names_of

                found = names_of(service.knowledge.kb).projects.find(args.project)
                if found.record is None:  # as `members list` and `events add`: did you mean
                    hint = (
                        say(
                            args,
                            "events.did_you_mean",
                            names=", ".join(found.labelled(with_id=True)),
                        )
                        if found.candidates
                        else ""
                    )
                    print(
                        say(args, "events.unknown_project", value=args.project, suggestions=hint),
                        file=sys.stderr,
                    )
                    return 1
                projects = [found.record.id]
            if args.all:
                events = [
                    e for e in await service.all() if projects is None or e.project_id in projects
                ]
            else:
                events = await service.upcoming(projects, limit=500)
            if not events:
                print(say(args, "events.none"))
                return 0
            counts = await service.rsvp_counts(e.id for e in events)
            for event in events:
                local = event.starts_at.astimezone(event.zone)
                c = counts[event.id]
                status = (
                    say(args, f"events.status_{event.status}")
                    if event.status in ("scheduled", "cancelled")
                    else event.status
                )
                answers = say(args, "events.answers", yes=c.yes, maybe=c.maybe, no=c.no)
                print(
                    f"#{event.id}\t{status}\t{local:%Y-%m-%d %H:%M} {event.timezone}"
                    f"\t{service.render.project_name(event.project_id)}\t{event.kind}"
                    f"\t{event.title}\t{answers}"
                )
            return 0
        finally:
            await opened.aclose()

    result: int = run_async(work)
    return result


def cmd_cancel(args: argparse.Namespace) -> int:
    from bot.cli import run_async

    async def work() -> int:
        from bot.render.events import Where

        opened, service, settings = await _open(args)
        try:
            event = await service.get(args.event)
            if event is None:
                from bot.cli import say

                print(say(args, "events.unknown", id=args.event), file=sys.stderr)
                return 1
            lang = args.lang or settings.default_language
            if event.cancelled:
                print(_say(service, lang, "already_cancelled", id=event.id))
                return 0
            print(plain(service.render.card(lang, event, Where(tz=settings.zone))))
            if not args.yes and not _confirm(_say(service, lang, "cancel", id=event.id)):
                print(_say(service, lang, "not_cancelled"))
                return 1
            await service.cancel(event.id)
            print(_say(service, lang, "cancelled", id=event.id))
            return 0
        finally:
            await opened.aclose()

    result: int = run_async(work)
    return result
