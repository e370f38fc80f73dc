"""/rapport [projet] [période] (/report): the activity report for the funder, coordinators only.

The report holds members' data (organisations' participation, focal points' names), so it is
always sent in private: asked in a group, the bot sends it to the coordinator's private chat,
or asks them to open one. The PDF and the XLSX go as documents, with a short summary message.
"""

from __future__ import annotations

import asyncio

from telegram import InputFile, Update
from telegram.error import TelegramError

from bot.activity_report import ActivityReport, ReportError
from bot.context import BotContext
from bot.i18n import Safe
from bot.render.report_files import PDF_NAME, XLSX_NAME, render
from bot.render.report_tables import headline_lines
from bot.report_period import PeriodError
from handlers.access import coordinator_only
from handlers.common import (
    command_args,
    is_private,
    reachable_in_private,
    reply,
    speaker,
    text,
    unreachable_in_private,
)


def summary_message(context: BotContext, report: ActivityReport) -> str:
    service = context.services.activity
    lang = report.lang
    figures = "\n".join(
        text(context, lang, "report.figure", label=label, value=value)
        for label, value in headline_lines(report, context.services.catalogue)
    )
    return text(
        context,
        lang,
        "report.message",
        project=report.project,
        period=service.period_label(report.period, lang),
        figures=Safe(figures),
    )


@coordinator_only
async def report_command(update: Update, context: BotContext) -> None:
    who = await speaker(update, context)
    lang = who.lang
    service = context.services.activity
    defaults: list[str] = []
    chat = update.effective_chat
    if chat is not None and not is_private(update):
        group = await context.services.members.group(chat.id)
        if group is not None and group.project_id:
            defaults = [group.project_id]
    if not defaults and who.member is not None:
        defaults = list(who.member.projects)
    try:
        project, period = service.parse_request(command_args(context), default_projects=defaults)
    except (ReportError, PeriodError) as error:
        await _say(update, service.error_text(error, lang))
        return
    user = update.effective_user
    assert user is not None
    if not await reachable_in_private(update, context):
        await reply(update, context, lang, "report.need_private", bot=context.bot.username)
        return
    try:
        report = await service.build(project, period, lang)
    except ReportError as error:
        await _say(update, service.error_text(error, lang))
        return
    files = await asyncio.to_thread(render, report, context.services.catalogue)
    label = service.period_label(period, lang)
    try:
        await context.bot.send_message(user.id, summary_message(context, report))
        await context.bot.send_document(
            user.id,
            InputFile(files.pdf, filename=f"{project.id}-{PDF_NAME}"),
            caption=text(
                context, lang, "report.caption_pdf", project=project.short_name, period=label
            ),
        )
        await context.bot.send_document(
            user.id,
            InputFile(files.xlsx, filename=f"{project.id}-{XLSX_NAME}"),
            caption=text(context, lang, "report.caption_xlsx"),
        )
    except TelegramError as error:
        if not await unreachable_in_private(context, user.id, error):
            raise
        await reply(update, context, lang, "report.need_private", bot=context.bot.username)
        return
    if not is_private(update):
        await reply(update, context, lang, "report.sent_private")


async def _say(update: Update, body: str) -> None:
    message = update.effective_message
    if message is not None:
        await message.reply_text(body, do_quote=not is_private(update))
