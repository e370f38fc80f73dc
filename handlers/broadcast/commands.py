"""/annonces (/broadcasts): the last announcements with their figures."""

from __future__ import annotations

from telegram import (
    Update,
)

from bot.broadcast import (
    plain_excerpt,
)
from bot.context import BotContext
from handlers.broadcast.helpers import (
    _render,
    _service,
    _t,
    coordinators,
)
from handlers.common import is_private, reply, speaker


@coordinators
async def list_command(update: Update, context: BotContext) -> None:
    who = await speaker(update, context)
    lang = who.lang
    if not is_private(update):
        await reply(update, context, lang, "core.access.private_only")
        return
    service = _service(context)
    found = await service.recent(10)
    if not found:
        await reply(update, context, lang, "broadcast.list.empty")
        return
    render = _render(context)
    lines = [_t(context, lang, "list.title", count=len(found))]
    for broadcast, progress in found:
        lines.append(
            render.list_item(
                lang,
                broadcast,
                progress,
                zone=service.zone_of(broadcast),
                audience=service.audience_label(broadcast, lang),
                excerpt=plain_excerpt(broadcast.body, 60),
            )
        )
    markup = render.list_keyboard(lang, [broadcast for broadcast, _ in found])
    message = update.effective_message
    assert message is not None
    await message.reply_text("\n\n".join(lines), reply_markup=markup)
