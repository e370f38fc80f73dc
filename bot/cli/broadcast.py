"""``coopbot broadcast``: an announcement prepared in a file, from the terminal.

::

    coopbot broadcast --file msg.html --audience SPEC [--photo FILE_ID | --document FILE_ID]
                      [--at "YYYY-MM-DD HH:MM"] [--yes] [--send-now]
    coopbot broadcast --list
    coopbot broadcast --cancel ID
    coopbot broadcast --report ID [--csv FILE]

The file holds Telegram HTML (``<b>``, ``<i>``, ``<u>``, ``<s>``, ``<a href>``, ``<code>``,
``<pre>``, ``<blockquote>``, ``<tg-spoiler>``; line breaks are real new lines); it is checked
before anything is queued. ``SPEC`` is ``all``, ``members``, ``groups``, ``project:ID[,ID]``,
``country:CODE[,CODE]`` or ``focal:ORGANISATION[,ORGANISATION]`` (knowledge ids).

By default the announcement is *queued* in SQLite (due now, or ``--at`` in the configured
``default_timezone``) and the running bot (``coopbot run``) sends it within a second or two,
paced and resumable like every announcement. With ``--send-now`` this command sends it itself
with the bot's token, shows the progress and prints the report; it refuses to while a bot is
running (two senders would add up their rates). Exit codes: 0 queued or sent, 1 nothing sent
(declined, nobody matches, not found), 2 invalid input or configuration.
"""

from __future__ import annotations

import argparse
import asyncio
import html
import re
import sys
import time
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.limits import number_argument

if TYPE_CHECKING:
    from bot.broadcast import Audience, BroadcastService
    from bot.settings import Settings

ID = number_argument()
LIMIT = number_argument(maximum=1000)


def add_parser(sub: Any) -> None:
    parser: argparse.ArgumentParser = sub.add_parser(
        "broadcast",
        help="send an announcement prepared in a file (or list, cancel, report announcements)",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    what = parser.add_mutually_exclusive_group(required=True)
    what.add_argument("--file", help="the announcement: a UTF-8 file of Telegram HTML")
    what.add_argument("--list", action="store_true", help="the latest announcements and figures")
    what.add_argument("--cancel", type=ID, metavar="ID", help="cancel a scheduled announcement")
    what.add_argument("--report", type=ID, metavar="ID", help="the report of an announcement")
    parser.add_argument(
        "--audience",
        help="all | members | groups | project:ID[,ID] | country:CODE[,CODE] | focal:ORG[,ORG]",
    )
    media = parser.add_mutually_exclusive_group()
    media.add_argument(
        "--photo", metavar="FILE_ID", help="send this photo; the file is its caption"
    )
    media.add_argument(
        "--document", metavar="FILE_ID", help="send this document; the file is its caption"
    )
    parser.add_argument(
        "--at", help='send later: "YYYY-MM-DD HH:MM" in default_timezone, or ISO with an offset'
    )
    parser.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    parser.add_argument(
        "--send-now",
        action="store_true",
        help="send it from here with the bot's token instead of leaving it to the running bot",
    )
    parser.add_argument("--csv", metavar="FILE", help="with --report: write the failures there")
    parser.add_argument("--limit", type=LIMIT, default=20, help="with --list: how many (20)")
    parser.set_defaults(func=main)


def _t(lang: str, key: str, /, **params: object) -> str:
    """A line of the terminal (``terminal.broadcast.<key>``) in ``lang``."""
    from bot.i18n import Catalogue, plain_text

    return plain_text(Catalogue.bundled().t(lang, f"terminal.broadcast.{key}", **params))


def fail(message: str, code: int = 2) -> int:
    print(f"coopbot broadcast: {message}", file=sys.stderr)
    return code


def main(args: argparse.Namespace) -> int:
    from bot.cli import run_async, settings_or_exit

    # Only --send-now talks to Telegram; queueing, --list, --cancel, --report need no token.
    settings = settings_or_exit(args, telegram=bool(args.file and args.send_now))
    lang = settings.default_language
    if args.file is None:
        for flag in ("audience", "photo", "document", "at"):
            if getattr(args, flag):
                return fail(_t(lang, "goes_with", option=f"--{flag}", other="--file"))
        if args.send_now or args.yes:
            return fail(_t(lang, "goes_with", option="--send-now, --yes", other="--file"))
    if args.csv and args.report is None:
        return fail(_t(lang, "goes_with", option="--csv", other="--report"))
    if args.list:
        return run_async(lambda: _with_service(settings, lambda s: list_(s, args.limit)))
    if args.cancel is not None:
        return run_async(lambda: _with_service(settings, lambda s: cancel(s, args.cancel)))
    if args.report is not None:
        return run_async(
            lambda: _with_service(settings, lambda s: report(s, args.report, args.csv))
        )
    return compose(args, settings)


# -- composing ----------------------------------------------------------------------------------


def compose(args: argparse.Namespace, settings: Settings) -> int:
    from bot.broadcast import MAX_CAPTION, MAX_TEXT, Audience, AudienceError, check_html
    from bot.cli import clock, run_async

    lang = settings.default_language
    if not args.audience:
        return fail(_t(lang, "audience_required"))
    try:
        audience = Audience.parse(args.audience)
    except AudienceError as exc:
        return fail(exc.text(lang))
    path = Path(args.file)
    try:
        body = path.read_text(encoding="utf-8").strip()
    except UnicodeDecodeError:
        return fail(_t(lang, "not_utf8", path=path))
    except OSError as exc:
        from bot.cli import os_reason

        return fail(f"{path}: {os_reason(args, exc, lang)}")
    content_type, file_id = "text", None
    if args.photo or args.document:
        content_type = "photo" if args.photo else "document"
        file_id = args.photo or args.document
    if content_type == "text" or body:
        limit = MAX_TEXT if content_type == "text" else MAX_CAPTION
        problem = check_html(body, limit=limit, lang=lang)
        if problem:
            return fail(f"{path}: {problem}")
    if args.send_now and args.at:
        return fail(_t(lang, "now_and_at", option="--send-now"))
    when = None
    if args.at:
        when = parse_at(args.at, settings.default_timezone)
        if when is None:
            return fail(_t(lang, "at_bad", value=args.at))
        if when <= clock().now():
            return fail(_t(lang, "at_past", value=args.at))

    async def go(service: BroadcastService) -> int:
        problem = await unknown_values(service, audience, lang)
        if problem:
            return fail(problem)
        recipients = await service.recipients(audience)
        kind = _t(lang, f"type_{content_type}")
        print(_t(lang, "summary_file", path=path, type=kind, count=len(body)))
        label = service.describe(audience, lang)
        print(_t(lang, "summary_audience", label=label, spec=audience.spec()))
        people, groups = len(recipients.people), len(recipients.groups)
        print(_t(lang, "summary_recipients", count=recipients.count, people=people, groups=groups))
        zone_name = settings.default_timezone
        print(
            _t(
                lang,
                "summary_when",
                when=f"{when.astimezone(settings.zone):%Y-%m-%d %H:%M}",
                zone=zone_name,
            )
            if when
            else _t(lang, "summary_now")
        )
        if recipients.count == 0:
            print(_t(lang, "nobody"))
            return 1
        sender = await service.running_sender()
        if args.send_now and sender is not None:
            return fail(_t(lang, "running_send_now", pid=sender, option="--send-now"))
        if not args.yes and not confirm(recipients.count, lang):
            print(_t(lang, "nothing_sent"))
            return 1
        broadcast = await service.queue(
            content_type=content_type,
            body=body,
            file_id=file_id,
            audience=audience,
            when=when,
            language=lang,
        )
        if args.send_now:
            return await send_now(service, broadcast.id)
        print(_t(lang, "queued", id=broadcast.id))
        if sender is not None:
            key = "running_at" if when else "running_now"
            print(_t(lang, key, pid=sender))
        else:
            print(_t(lang, "not_running", id=broadcast.id))
        print(_t(lang, "follow", id=broadcast.id))
        return 0

    return run_async(lambda: _with_service(settings, go, sending=args.send_now))


def parse_at(text: str, zone_name: str) -> datetime | None:
    """``2026-12-01 09:00`` in ``zone_name``, or an ISO 8601 instant with its offset."""
    from bot.timezones import zone

    try:
        value = datetime.fromisoformat(text.strip())
    except ValueError:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=zone(zone_name))
    return value


async def unknown_values(
    service: BroadcastService, audience: Audience, lang: str = "en"
) -> str | None:
    """A message if the audience names projects, countries or organisations nobody knows."""
    if not audience.values:
        return None
    known = {c.id for c in await service.choices(audience.type, "en")}
    known |= service.known_ids(audience.type) or set()
    unknown = [v for v in audience.values if v not in known]
    if not unknown:
        return None
    listed = ", ".join(sorted(known)) or _t(lang, "none_yet")
    key = f"unknown_{audience.type}"
    return _t(lang, key, values=", ".join(unknown), count=len(unknown), known=listed)


def confirm(count: int, lang: str) -> bool:
    try:
        answer = input(_t(lang, "confirm", count=count) + " ")
    except EOFError:
        return False
    return answer.strip().lower() in ("y", "yes", "o", "oui")


async def send_now(service: BroadcastService, broadcast_id: int) -> int:
    """Send from this process: start the delivery engine, follow, print the report."""
    delivery = service.delivery
    await delivery.bot.initialize()
    await delivery.start()
    try:
        if not await service.fire(broadcast_id):
            lang = service.settings.default_language
            return fail(_t(lang, "not_started", id=broadcast_id))
        last_print = 0.0
        last_line = ""
        while True:
            broadcast = await service.follow(broadcast_id)
            if broadcast.state == "done":
                break
            progress = await service.progress(broadcast)
            line = f"{progress.delivered}/{progress.total} sent"
            if line != last_line and time.monotonic() - last_print >= 2:
                print(line, flush=True)
                last_print, last_line = time.monotonic(), line
            await asyncio.sleep(0.2)
    finally:
        await delivery.stop()
        await delivery.bot.shutdown()
    done = await service.get(broadcast_id)
    assert done is not None
    print(plain(service.render_report(await service.report(done))))
    return 0


# -- list, cancel, report -----------------------------------------------------------------------


async def list_(service: BroadcastService, limit: int) -> int:
    found = await service.recent(limit)
    lang = service.settings.default_language
    if not found:
        print(_t(lang, "none"))
        return 0
    zone = service.settings.zone
    head = _t(lang, "list_header").split("|")
    print(f"{'id':>4}  {head[0]:<9}  {head[1]:<16}  {head[2]:<22}  {head[3]}")
    for broadcast, progress in found:
        stamp = broadcast.started_at or broadcast.scheduled_at or broadcast.created_at
        audience = "-"
        if broadcast.audience:
            from bot.broadcast import Audience

            audience = Audience.from_json(broadcast.audience).spec()
        if broadcast.state == "done":
            figures = _t(
                lang,
                "figures",
                delivered=broadcast.delivered,
                total=broadcast.recipients,
                unreachable=broadcast.unreachable,
                failed=broadcast.failed,
                uncertain=broadcast.uncertain,
            )
        elif progress is not None:
            figures = _t(lang, "sending", delivered=progress.delivered, total=progress.total)
        else:
            figures = ""
        state = _state(lang, broadcast.state)
        print(
            f"{broadcast.id:>4}  {state:<9}  {stamp.astimezone(zone):%Y-%m-%d %H:%M}"
            f"  {audience[:22]:<22}  {figures}"
        )
    return 0


def _state(lang: str, state: str) -> str:
    known = ("draft", "scheduled", "sending", "done", "cancelled")
    return _t(lang, f"state_{state}") if state in known else state


async def cancel(service: BroadcastService, broadcast_id: int) -> int:
    broadcast = await service.get(broadcast_id)
    lang = service.settings.default_language
    if broadcast is None:
        return fail(_t(lang, "unknown", id=broadcast_id), 1)
    if not await service.cancel(broadcast_id):
        state = _state(lang, broadcast.state)
        return fail(_t(lang, "not_cancellable", id=broadcast_id, state=state), 1)
    print(_t(service.settings.default_language, "cancelled", id=broadcast_id))
    return 0


async def report(service: BroadcastService, broadcast_id: int, csv_path: str | None) -> int:
    broadcast = await service.get(broadcast_id)
    lang = service.settings.default_language
    if broadcast is None or broadcast.state == "draft":
        return fail(_t(lang, "unknown", id=broadcast_id), 1)
    if broadcast.state == "sending":
        progress = await service.progress(broadcast)
        sending = _t(lang, "sending", delivered=progress.delivered, total=progress.total)
        print(_t(lang, "state", id=broadcast_id, state=sending))
    elif broadcast.state in ("scheduled", "cancelled"):
        print(_t(lang, "state", id=broadcast_id, state=_state(lang, broadcast.state)))
    else:
        print(plain(service.render_report(await service.report(broadcast))))
    if csv_path:
        content = await service.failures_csv(broadcast)
        await asyncio.to_thread(Path(csv_path).write_bytes, content)
        print(_t(lang, "failures", path=csv_path))
    return 0


# -- plumbing -----------------------------------------------------------------------------------


TAG = re.compile(r"<[^>]+>")


def plain(text: str) -> str:
    """Telegram HTML as terminal text."""
    return html.unescape(TAG.sub("", text))


async def _with_service(settings: Settings, action: Any, *, sending: bool = False) -> int:
    """Run ``action(service)`` on the announcement service of the application's services
    (``bot.cli.services``); a Telegram Bot is made only if it sends (``--send-now``)."""
    from bot.cli import services
    from bot.logs import setup_logging

    token = settings.telegram.require_token() if sending else None
    setup_logging(token or "", "WARNING")
    async with services(settings) as built:
        code: int = await action(built.broadcasts)
        return code
