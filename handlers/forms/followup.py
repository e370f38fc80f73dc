"""Following self-assessments up, for coordinators: ``/suivi [questionnaire]`` (``/progress``),
``/relancer autodiagnostic ID`` (``/nudge selfassessment ID``), and the buttons under the
progress: results, CSV and XLSX exports (files sent in private)."""

from __future__ import annotations

import re

from telegram import InputFile, Update
from telegram.error import TelegramError

from bot.context import BotContext
from bot.data_problems import problem_text
from bot.forms.models import Form
from bot.forms.service import FormsError
from bot.i18n import escape, excerpt, plain_text
from bot.render.buttons import OpenList
from bot.render.forms import FormAction, paged
from bot.render.pager import Listing
from handlers.access import coordinator_only, is_coordinator
from handlers.common import (
    Speaker,
    command_args,
    is_private,
    reachable_in_private,
    reply,
    speaker,
    text,
    unreachable_in_private,
)
from handlers.forms.filling import renderer
from handlers.pager import gone, source
from handlers.subcommands import suggest_subcommand

# ``/relancer autodiagnostic ID``: the word that tells it from ``/relancer N`` (a poll).
NUDGE_WORDS = ("autodiagnostic", "autodiagnostics", "selfassessment", "self-assessment", "autodiag")
NUDGE_PATTERN = re.compile(
    r"^/(relancer|nudge)(@\w+)?\s+(" + "|".join(re.escape(w) for w in NUDGE_WORDS) + r")\b",
    re.IGNORECASE,
)


def _chosen(context: BotContext, who: Speaker, wanted: str) -> list[Form] | None:
    forms = context.services.forms
    if not wanted:
        return sorted(forms.forms.values(), key=lambda f: f.id)
    form = forms.find(wanted)
    return [form] if form is not None else None


async def _usage(update: Update, context: BotContext, who: Speaker, key: str) -> None:
    forms = sorted(context.services.forms.forms)
    await reply(
        update,
        context,
        who.lang,
        key,
        id=forms[0] if forms else "coopr-autodiag",
        known=", ".join(forms) or "—",
    )


def usage_text(context: BotContext, who: Speaker, key: str) -> str:
    forms = sorted(context.services.forms.forms)
    return text(
        context,
        who.lang,
        key,
        id=forms[0] if forms else "coopr-autodiag",
        known=", ".join(forms) or "—",
    )


DEADLINE_WORDS = ("echeance", "échéance", "deadline", "date-limite")


async def deadline_command(update: Update, context: BotContext, who: Speaker, args: str) -> None:
    """``/suivi ID echeance DATE``: a new deadline (stored; reminders scheduled again)."""
    words = args.split(maxsplit=2)
    form = context.services.forms.find(words[0])
    if form is None or len(words) < 3:
        await _usage(update, context, who, "forms.deadline.usage")
        return
    assert who.person is not None
    try:
        form = await context.services.forms.set_deadline(form.id, words[2], who.person.user_id)
    except FormsError as exc:
        await reply(update, context, who.lang, exc.key, **{"text": excerpt(words[2], 40)})
        return
    deadline = renderer(context).deadline(form, who.lang)
    await reply(update, context, who.lang, "forms.deadline.set", id=form.id, deadline=deadline)


async def progress_command(update: Update, context: BotContext) -> None:
    who = await speaker(update, context)
    args = command_args(context)
    words = args.split()
    if len(words) >= 2 and words[1].lower() in DEADLINE_WORDS:
        await deadline_command(update, context, who, args)
        return
    chosen = _chosen(context, who, args)
    # "/suivi coopr-autodiag echance 15 mars": did you mean "echeance"?
    if (
        not chosen
        and len(words) >= 2
        and context.services.forms.find(words[0]) is not None
        and await suggest_subcommand(
            update,
            context,
            who.lang,
            words,
            1,
            DEADLINE_WORDS,
            usage_text(context, who, "forms.deadline.usage"),
        )
    ):
        return
    if not chosen:
        await _usage(update, context, who, "forms.progress.usage")
        return
    # The progress names every organisation and how far it is: asked in a group, it goes to the
    # coordinator's private chat (like /rapport), never to the group.
    chat = update.effective_chat
    user = update.effective_user
    assert chat is not None and user is not None
    private = is_private(update)
    if not private and not await reachable_in_private(update, context):
        await reply(
            update, context, who.lang, "forms.progress.need_private", bot=context.bot.username
        )
        return
    render = renderer(context)
    target = chat.id if private else user.id
    try:
        for form in chosen:  # counts by country; the organisations behind a paged button
            progress = await context.services.forms.followup.progress(form.id)
            body, markup = render.progress_summary(
                who.lang, progress, OpenList(PROGRESS_VIEW, form.id)
            )
            await context.bot.send_message(target, body, reply_markup=markup)
    except TelegramError as error:
        if private or not await unreachable_in_private(context, user.id, error):
            raise
        await reply(
            update, context, who.lang, "forms.progress.need_private", bot=context.bot.username
        )
        return
    if not private:
        await reply(update, context, who.lang, "forms.progress.sent_private")


PROGRESS_VIEW = "fs"


@source(PROGRESS_VIEW)
async def progress_pages(
    update: Update, context: BotContext, who: Speaker, key: str
) -> Listing | str:
    """The organisations of questionnaire ``key`` and where each stands (coordinators)."""
    if not await is_coordinator(update, context):
        return text(context, who.lang, "core.access.coordinators_only")
    form = context.services.forms.forms.get(key)
    if form is None:
        return gone(context, who.lang)
    progress = await context.services.forms.followup.progress(form.id)
    return renderer(context).progress_listing(who.lang, progress)


async def nudge_command(update: Update, context: BotContext) -> None:
    who = await speaker(update, context)
    words = command_args(context).split(maxsplit=1)
    wanted = words[1] if len(words) > 1 else ""
    form = context.services.forms.find(wanted) if wanted else None
    if form is None:
        await _usage(update, context, who, "forms.nudge.usage")
        return
    try:
        nudged = await context.services.forms.followup.nudge(form.id)
    except FormsError as exc:
        await reply(update, context, who.lang, exc.key, **exc.params)
        return
    catalogue = context.services.catalogue
    lines: list[str] = []
    if nudged.organisations:
        lines.append(
            catalogue.t(
                who.lang,
                "forms.nudge.done",
                members=catalogue.count(who.lang, "member", nudged.members),
                organisations=catalogue.count(who.lang, "organisation", nudged.organisations),
            )
        )
    if nudged.recent:
        lines.append(catalogue.t(who.lang, "forms.nudge.recent", count=nudged.recent))
    if nudged.unreachable:
        lines.append(catalogue.t(who.lang, "forms.nudge.unreachable", count=nudged.unreachable))
    if not lines:
        lines.append(catalogue.t(who.lang, "forms.nudge.nobody"))
    message = update.effective_message
    if message is not None:
        await message.reply_text("\n".join(lines))


async def followup_button(update: Update, context: BotContext) -> None:
    """Results (in the chat) and the exports (in private) under ``/suivi``."""
    query = update.callback_query
    pressed = FormAction.decode(query.data if query else None)
    if query is None or pressed is None:
        return
    who = await speaker(update, context)
    services = context.services
    form = services.forms.forms.get(pressed.form)
    if form is None:
        await query.answer(
            plain_text(
                services.catalogue.t(
                    who.lang,
                    "forms.error.unknown",
                    id=excerpt(pressed.form, 30),
                    known=", ".join(sorted(services.forms.forms)) or "—",
                )
            )
        )
        return
    render = renderer(context)
    if pressed.verb == "results":
        await query.answer()
        results = await services.forms.followup.results(form.id)
        chat_id = query.message.chat.id if query.message else query.from_user.id
        for page in render.results(who.lang, results):
            await context.bot.send_message(chat_id, page)
        return
    private = plain_text(services.catalogue.t(who.lang, "polls.cmd.csv_private"))
    if not await reachable_in_private(update, context):
        await query.answer(private, show_alert=True)
        return
    _, rows = await services.forms.followup.export_rows(form.id)
    if pressed.verb == "csv":
        data = render.csv_bytes(who.lang, form, rows)
    else:
        data = render.xlsx_bytes(who.lang, form, rows)
    try:
        await context.bot.send_document(
            query.from_user.id,
            InputFile(data, filename=render.file_name(form, pressed.verb)),
            caption=render.export_caption(who.lang, form),
        )
    except TelegramError as error:
        if not await unreachable_in_private(context, query.from_user.id, error):
            raise
        await query.answer(private, show_alert=True)
        return
    await query.answer(plain_text(services.catalogue.t(who.lang, "polls.cmd.csv_sent")))


async def reload_lines(context: BotContext, lang: str) -> list[str]:
    """Read ``data/forms/`` again (after editing a file), as at start, and reschedule the
    reminders; the lines say what changed, which answers an edit dropped, and why a file was
    refused. The knowledge ``/recharger`` (handlers/questions.py) calls this too."""
    forms = context.services.forms
    report = await forms.load()
    forms.followup.schedule()
    render = renderer(context)
    lines: list[str] = [render.t(lang, "reload.title")]
    for key, ids in (
        ("new", report.loaded),
        ("updated", report.updated),
        ("unchanged", report.unchanged),
        ("withdrawn", report.withdrawn),
    ):
        lines += [render.t(lang, f"cli.{key}", id=form_id) for form_id in ids]
    for form_id, dropped in report.dropped.items():
        lines += [
            render.t(
                lang,
                "cli.dropped",
                id=form_id,
                question=item.question_id,
                reason=render.t(lang, f"cli.{item.reason}"),
                count=item.organisations,
            )
            for item in dropped
        ]
    if report.problems:
        lines.append(render.t(lang, "cli.invalid_files"))
        lines += [
            escape(excerpt(problem_text(problem, lang, context.services.catalogue), 300))
            for problem in report.problems[:20]
        ]
    if len(lines) == 1:
        lines.append(render.t(lang, "list.none"))
    return lines


async def reply_reloaded(update: Update, context: BotContext, lang: str, knowledge: str) -> None:
    """One reply (paged if long): what the knowledge reload said, then the questionnaires'."""
    lines = [knowledge, "", *await reload_lines(context, lang)]
    message = update.effective_message
    if message is not None:
        for page in paged(lines):
            await message.reply_text(page)


@coordinator_only
async def reload_forms(update: Update, context: BotContext) -> None:
    """``/autodiagnostic recharger``: an alias of ``/recharger`` (the knowledge files and the
    questionnaires, in one reply)."""
    from handlers.questions import reload_data

    await reload_data(update, context)
