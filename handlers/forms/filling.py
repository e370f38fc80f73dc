"""Filling a self-assessment in, in private, for one's organisation: ``/autodiagnostic``
(``/selfassessment``), one question per message, its buttons, typed answers, the summary.

Where each person is lives in SQLite (``form_sessions``, read through the forms service), so
a restart changes nothing: their next button press or typed answer continues the questionnaire.
"""

from __future__ import annotations

import contextlib
from collections.abc import Awaitable
from typing import Any, TypeVar

from telegram import InlineKeyboardMarkup, Message, Update
from telegram.error import BadRequest
from telegram.ext import filters

from bot.context import BotContext, CoopApplication
from bot.forms.answers import AnswerRefused
from bot.forms.models import Form, Question
from bot.forms.service import DONE, Access, Draft, FormsError
from bot.i18n import escape, excerpt, plain_text
from bot.render.forms import (
    AnswerButton,
    FormAction,
    FormsRenderer,
    QuestionAction,
    ToggleButton,
)
from handlers.common import Speaker, command_args, is_private, reply, speaker, text
from handlers.subcommands import suggest_subcommand

RELOAD_WORDS = ("recharger", "reload")  # /autodiagnostic recharger (coordinators)

FormButton = TypeVar("FormButton", AnswerButton, ToggleButton, QuestionAction, FormAction)


def renderer(context: BotContext) -> FormsRenderer:
    services = context.services
    return FormsRenderer(services.catalogue, services.knowledge)


async def send(
    context: BotContext, chat_id: int, body: str, markup: InlineKeyboardMarkup | None = None
) -> Message:
    return await context.bot.send_message(chat_id, body, reply_markup=markup)


def why_not(context: BotContext, who: Speaker, access: Access) -> str:
    """Why this person cannot answer for an organisation (a pending focal point claim says it
    awaits a coordinator's confirmation)."""
    return context.services.catalogue.t(
        who.lang,
        f"forms.why.{access.reason or 'not_focal'}",
        organisation=renderer(context).org_name(access.organisation, who.lang),
    )


# -- /autodiagnostic ----------------------------------------------------------------------------


async def selfassessment_command(update: Update, context: BotContext) -> None:
    wanted = command_args(context)
    if wanted.lower() in RELOAD_WORDS:
        from handlers.forms.followup import reload_forms  # (it imports this module)

        await reload_forms(update, context)
        return
    who = await speaker(update, context)
    if not is_private(update) or who.person is None:
        await reply(update, context, who.lang, "forms.error.private")
        return
    forms = context.services.forms
    if wanted:
        form = forms.find(wanted)
        if form is None and await suggest_subcommand(  # "/autodiagnostic rechager"
            update,
            context,
            who.lang,
            [wanted],
            0,
            RELOAD_WORDS,
            text(context, who.lang, "refusals.usage.selfassessment"),
        ):
            return
        if form is None:
            known = ", ".join(sorted(forms.forms)) or "—"
            await reply(
                update,
                context,
                who.lang,
                "forms.error.unknown",
                id=excerpt(wanted, 30),
                known=known,
            )
            return
        await open_form(update, context, who, form)
        return
    items: list[tuple[Form, Access, Draft | None, bool]] = []
    for form in forms.forms_for(who.member):
        access = forms.access(who.member, form)
        draft = None
        if access.can_answer and access.organisation is not None:
            draft = await forms.draft(form.id, access.organisation.id)
        items.append((form, access, draft, forms.is_open(form)))
    body, markup = renderer(context).overview(who.lang, items)
    if await context.services.members.is_coordinator(who.person.user_id) and forms.forms:
        body += "\n\n" + context.services.catalogue.t(
            who.lang, "forms.list.coordinator_hint", id=sorted(forms.forms)[0]
        )
    await send(context, who.person.user_id, body, markup)


async def open_form(update: Update, context: BotContext, who: Speaker, form: Form) -> None:
    """Start or continue: the first question not answered yet, else the summary."""
    assert who.person is not None
    forms = context.services.forms
    render = renderer(context)
    chat_id = who.person.user_id
    access = forms.access(who.member, form)
    if not access.can_answer or access.organisation is None:
        why = why_not(context, who, access)
        for page in render.read_only(who.lang, form, why):
            await send(context, chat_id, page)
        return
    org_id = access.organisation.id
    draft = await forms.draft(form.id, org_id)
    question = draft.first_unanswered()
    if draft.status == DONE or not draft.open or question is None:
        await show_summary(context, who, draft)
        if not draft.open:
            closed = render.t(
                who.lang,
                "fill.closed_on",
                date=render.deadline(form, who.lang),
                organisation=render.org_name(org_id, who.lang),
            )
            await send(context, chat_id, closed)
        return
    if not draft.answers:
        await send(context, chat_id, render.intro(who.lang, form, draft))
    else:
        await send(context, chat_id, render.resume(who.lang, draft, question))
    await ask(context, who, draft, question)


async def ask(
    context: BotContext, who: Speaker, draft: Draft, question: Question, *, back: bool = False
) -> None:
    assert who.person is not None
    await context.services.forms.go(
        who.person.user_id, draft.form.id, draft.organisation_id, question.id, back_to_summary=back
    )
    body, markup = renderer(context).question(who.lang, draft, question, back_to_summary=back)
    await send(context, who.person.user_id, body, markup)


async def show_summary(context: BotContext, who: Speaker, draft: Draft) -> None:
    assert who.person is not None
    forms = context.services.forms
    if draft.status == DONE or not draft.open:
        await forms.leave(who.person.user_id)
    else:
        await forms.go(who.person.user_id, draft.form.id, draft.organisation_id, None)
    for body, markup in renderer(context).summary(who.lang, draft):
        await send(context, who.person.user_id, body, markup)


async def advance(
    context: BotContext, who: Speaker, draft: Draft, after: str, *, back: bool
) -> None:
    """After an answer: the next question not answered (the summary when changing one answer
    from it, or when every question has an answer)."""
    following = None if back else draft.first_unanswered(after=after)
    if back:
        following = draft.first_unanswered()
    if following is None:
        await show_summary(context, who, draft)
    else:
        await ask(context, who, draft, following)


# -- buttons ------------------------------------------------------------------------------------


async def _outdated(update: Update, context: BotContext, lang: str) -> None:
    """The press names a questionnaire that is no more (or the presser is unknown)."""
    query = update.callback_query
    assert query is not None
    await query.answer(plain_text(context.services.catalogue.t(lang, "forms.fill.outdated")))


async def _answering(
    update: Update, context: BotContext, kind: type[FormButton]
) -> tuple[FormButton, Speaker, int, Draft] | None:
    """The button of ``kind`` pressed by someone allowed to answer for their organisation: the
    button, the presser, their user id and the organisation's draft; else None (a presser who
    cannot answer is told why by an alert)."""
    query = update.callback_query
    pressed = kind.decode(query.data if query else None)
    if query is None or pressed is None:
        return None
    who = await speaker(update, context)
    forms = context.services.forms
    form = forms.forms.get(pressed.form)
    if form is None or who.person is None:
        await _outdated(update, context, who.lang)
        return None
    access = forms.access(who.member, form)
    if not access.can_answer or access.organisation is None:
        await query.answer(plain_text(why_not(context, who, access)), show_alert=True)
        return None
    draft = await forms.draft(form.id, access.organisation.id)
    return pressed, who, who.person.user_id, draft


async def _refused(
    update: Update, context: BotContext, lang: str, exc: AnswerRefused | FormsError
) -> None:
    query = update.callback_query
    assert query is not None
    body = context.services.catalogue.t(lang, exc.key, **exc.params)
    await query.answer(plain_text(body), show_alert=True)


async def _settle(
    update: Update, context: BotContext, who: Speaker, draft: Draft, question: Question
) -> None:
    """The question's message keeps the question and its answer, without buttons."""
    query = update.callback_query
    if query is None or query.message is None:
        return
    value = draft.answers.get(question.id)
    render = renderer(context)
    shown = (
        render.t(who.lang, "summary.skipped")
        if value is None
        else escape(excerpt(render.value(who.lang, question, value), 300))
    )
    body = f"<b>{escape(question.text.get(who.lang))}</b>\n→ {shown}"
    with contextlib.suppress(BadRequest):  # too old to edit, or unchanged
        await context.bot.edit_message_text(
            body, chat_id=query.message.chat.id, message_id=query.message.message_id
        )


def _back(context: BotContext, user_id: int, question_id: str) -> bool:
    session = context.services.forms.session(user_id)
    return session is not None and session.question_id == question_id and session.back_to_summary


async def _pressed(
    update: Update,
    context: BotContext,
    lang: str,
    change: Awaitable[Draft],
    question_id: str,
) -> tuple[Draft, Question] | None:
    """Apply a button's change to the draft: refused, the presser is told why (None);
    else the press is acknowledged and the draft returned with the question pressed."""
    query = update.callback_query
    assert query is not None
    try:
        draft = await change
    except (AnswerRefused, FormsError) as exc:
        await _refused(update, context, lang, exc)
        return None
    await query.answer()
    question = draft.form.question(question_id)
    assert question is not None
    return draft, question


async def answer_button(update: Update, context: BotContext) -> None:
    found = await _answering(update, context, AnswerButton)
    if found is None:
        return
    pressed, who, user_id, draft = found
    back = _back(context, user_id, pressed.question)
    change = context.services.forms.answer_button(
        user_id, draft.form.id, draft.organisation_id, pressed.question, pressed.token
    )
    done = await _pressed(update, context, who.lang, change, pressed.question)
    if done is None:
        return
    draft, question = done
    await _settle(update, context, who, draft, question)
    await advance(context, who, draft, pressed.question, back=back)


async def toggle_button(update: Update, context: BotContext) -> None:
    found = await _answering(update, context, ToggleButton)
    if found is None:
        return
    pressed, who, user_id, draft = found
    change = context.services.forms.toggle(
        user_id, draft.form.id, draft.organisation_id, pressed.question, pressed.choice
    )
    done = await _pressed(update, context, who.lang, change, pressed.question)
    if done is None:
        return
    draft, question = done
    back = _back(context, user_id, pressed.question)
    markup = renderer(context).question_keyboard(who.lang, draft, question, back_to_summary=back)
    query = update.callback_query
    assert query is not None
    with contextlib.suppress(BadRequest):
        await query.edit_message_reply_markup(reply_markup=markup)


async def question_button(update: Update, context: BotContext) -> None:
    found = await _answering(update, context, QuestionAction)
    if found is None:
        return
    pressed, who, user_id, draft = found
    query = update.callback_query
    assert query is not None
    forms = context.services.forms
    question = draft.form.question(pressed.question)
    if question is None or question not in draft.visible:
        await _refused(update, context, who.lang, FormsError("no_question"))
        return
    back = _back(context, user_id, question.id)
    if pressed.verb == "edit":
        if draft.status == DONE or not draft.open:
            await _refused(
                update, context, who.lang, FormsError("sent" if draft.open else "closed")
            )
            return
        await query.answer()
        await ask(context, who, draft, question, back=True)
        return
    if pressed.verb == "previous":
        previous = draft.previous(question.id)
        await query.answer()
        if previous is not None:
            await ask(context, who, draft, previous)
        return
    try:
        if pressed.verb == "skip":
            draft = await forms.skip(user_id, draft.form.id, draft.organisation_id, question.id)
        elif draft.answers.get(question.id) is None and not question.optional:
            raise AnswerRefused("required")  # "next" (or Confirm) on a required question
        elif question.id not in draft.answers:
            draft = await forms.skip(user_id, draft.form.id, draft.organisation_id, question.id)
    except (AnswerRefused, FormsError) as exc:
        await _refused(update, context, who.lang, exc)
        return
    await query.answer()
    await _settle(update, context, who, draft, question)
    await advance(context, who, draft, question.id, back=back)


async def form_button(update: Update, context: BotContext) -> None:
    query = update.callback_query
    pressed = FormAction.decode(query.data if query else None)
    if query is None or pressed is None:
        return
    if pressed.verb == "open":
        who = await speaker(update, context)
        form = context.services.forms.forms.get(pressed.form)
        if form is None or who.person is None:
            await _outdated(update, context, who.lang)
            return
        await query.answer()
        await open_form(update, context, who, form)
        return
    found = await _answering(update, context, FormAction)
    if found is None:
        return
    pressed, who, user_id, draft = found
    forms = context.services.forms
    render = renderer(context)
    org = render.org_name(draft.organisation_id, who.lang)
    deadline = render.deadline(draft.form, who.lang)
    if pressed.verb == "later":
        await forms.leave(user_id)
        await query.answer()
        await send(context, user_id, render.t(who.lang, "fill.later", organisation=org))
    elif pressed.verb == "summary":
        await query.answer()
        await show_summary(context, who, draft)
    elif pressed.verb == "send":
        if draft.status == DONE:
            await query.answer()
            await send(
                context,
                user_id,
                render.t(who.lang, "done.already", organisation=org, deadline=deadline),
            )
            return
        try:
            draft = await forms.submit(user_id, draft.form.id, draft.organisation_id)
        except (AnswerRefused, FormsError) as exc:
            await _refused(update, context, who.lang, exc)
            return
        await forms.leave(user_id)
        await query.answer()
        await send(
            context, user_id, render.t(who.lang, "done.sent", organisation=org, deadline=deadline)
        )
    elif pressed.verb == "reopen":
        try:
            draft = await forms.reopen(user_id, draft.form.id, draft.organisation_id)
        except FormsError as exc:
            await _refused(update, context, who.lang, exc)
            return
        await query.answer()
        await send(context, user_id, render.t(who.lang, "done.reopened", organisation=org))
        await show_summary(context, who, draft)
    else:
        await query.answer()


async def cancel_command(update: Update, context: BotContext) -> None:
    """``/annuler`` at a question: the questionnaire is left, everything answered stays."""
    who = await speaker(update, context)
    forms = context.services.forms
    if who.person is None:
        return
    session = forms.session(who.person.user_id)
    await forms.leave(who.person.user_id)
    organisation = renderer(context).org_name(
        session.organisation_id if session else None, who.lang
    )
    await reply(update, context, who.lang, "forms.fill.later", organisation=organisation)


# -- typed answers ------------------------------------------------------------------------------


class AwaitingAnswer(filters.MessageFilter):
    """A private message from someone at a question of a questionnaire (known from SQLite)."""

    def __init__(self, application: CoopApplication) -> None:
        super().__init__(name="AwaitingAnswer")
        self.application = application

    def filter(self, message: Any) -> bool:
        services = self.application.bot_data.services
        user = message.from_user
        if services is None or user is None or message.chat.id != user.id:
            return False
        if not services.forms.awaiting_text(user.id):
            return False
        session = services.forms.session(user.id)  # still a question of the questionnaire
        form = services.forms.forms.get(session.form_id) if session else None
        return (
            form is not None
            and session is not None
            and form.question(session.question_id or "") is not None
        )


async def typed_answer(update: Update, context: BotContext) -> None:
    message = update.effective_message
    who = await speaker(update, context)
    forms = context.services.forms
    if message is None or who.person is None:
        return
    session = forms.session(who.person.user_id)
    if session is None or session.question_id is None:
        return
    form = forms.forms.get(session.form_id)
    access = forms.access(who.member, form) if form else None
    if form is None or access is None or not access.can_answer or access.organisation is None:
        await forms.leave(who.person.user_id)
        if access is None:
            await reply(update, context, who.lang, "forms.error.not_focal")
        else:
            await send(context, who.person.user_id, why_not(context, who, access))
        return
    try:
        draft = await forms.answer_text(
            who.person.user_id,
            form.id,
            access.organisation.id,
            session.question_id,
            message.text or "",
        )
    except (AnswerRefused, FormsError) as exc:
        await reply(update, context, who.lang, exc.key, **exc.params)
        question = form.question(session.question_id)
        if (
            isinstance(exc, AnswerRefused)
            and question is not None
            and question.type in ("single", "multiple", "scale", "yes_no")
        ):
            await reply(update, context, who.lang, "forms.fill.typed_choice")
        return
    await advance(context, who, draft, session.question_id, back=session.back_to_summary)


__all__ = [
    "AwaitingAnswer",
    "answer_button",
    "cancel_command",
    "form_button",
    "question_button",
    "selfassessment_command",
    "toggle_button",
    "typed_answer",
]
