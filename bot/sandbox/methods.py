"""The Bot API methods of the emulator.

Each method is an ``async`` function registered with :func:`api_method` under its Bot API
name (looked up case-insensitively, like Telegram). It reads its parameters through
:class:`~bot.sandbox.params.Params`, changes the :class:`~bot.sandbox.state.World` and
returns the ``result`` of Telegram's answer, or raises an
:class:`~bot.sandbox.errors.ApiError` with Telegram's wording. Every message the
bot posts goes through :func:`post`, where flood limits are enforced.

Telegram behaviours reproduced here (beyond the shapes of the objects):

* validation errors: ``chat not found``, ``message text is empty``, ``message is too
  long``, ``can't parse entities``, ``BUTTON_DATA_INVALID``, ``message to edit not
  found``, ``message is not modified``, ``message can't be edited/deleted``, ``query is
  too old``, ``poll has already been closed``, ``invalid file_id``...;
* access errors: blocked by the user, never started by the user, kicked from / not a
  member of a group, group upgraded to a supergroup (``migrate_to_chat_id``);
* ``editMessageText``/``editMessageCaption`` without ``reply_markup`` drop the inline
  keyboard, as on Telegram;
* long polling with ``offset``/``limit``/``timeout``/``allowed_updates``; a second
  concurrent ``getUpdates`` terminates the first with ``409 Conflict``;
* commands are stored per (scope, language_code).
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import io
import json
import mimetypes
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from .errors import ApiError, bad_request, conflict
from .flood import FloodControl
from .markup import format_text, utf16_len
from .params import Params, UploadedFile
from .state import (
    ACTIVE_STATUSES,
    ALL_UPDATE_TYPES,
    DEFAULT_UPDATE_TYPES,
    JSON,
    Chat,
    PollState,
    StoredFile,
    StoredMessage,
    World,
)
from .webhook import WebhookDeliverer

MAX_TEXT = 4096
MAX_CAPTION = 1024
MAX_CALLBACK_DATA = 64
MAX_DOWNLOAD = 20 * 1024 * 1024


class BotApi:
    """What the method implementations share: the world and the long-polling machinery."""

    def __init__(self, world: World, flood: FloodControl | None = None) -> None:
        self.world = world
        self.flood = flood
        self.closing = False
        self._signal = asyncio.Event()
        self._poll_generation = 0
        world.listeners.append(self.wake)
        self.webhook: WebhookDeliverer | None = None  # set by the Sandbox (webhook delivery)

    def webhook_info(self) -> JSON:
        """getWebhookInfo's last error, as Telegram reports it."""
        if self.webhook is None or self.webhook.last_error is None:
            return {}
        when, message = self.webhook.last_error
        return {"last_error_date": when, "last_error_message": message}

    def wake(self) -> None:
        self._signal.set()
        self._signal = asyncio.Event()

    async def wait_change(self, timeout: float) -> None:  # noqa: ASYNC109
        signal = self._signal
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(signal.wait(), timeout)

    def admit(self, chat: Chat, *, paid: bool = False) -> None:
        """Count a send against the flood limits (raises 429 when exceeded); ``paid``: sent
        with ``allow_paid_broadcast`` (the higher overall limit)."""
        if self.flood is not None:
            self.flood.check(chat.id, is_group=chat.is_group, paid=paid)

    def close(self) -> None:
        self.closing = True
        self.wake()


Handler = Callable[[BotApi, Params], Awaitable[Any]]


@dataclass(frozen=True)
class MethodSpec:
    name: str
    handler: Handler


METHODS: dict[str, MethodSpec] = {}


def api_method(name: str) -> Callable[[Handler], Handler]:
    def register(handler: Handler) -> Handler:
        METHODS[name.lower()] = MethodSpec(name, handler)
        return handler

    return register


def find_method(name: str) -> MethodSpec | None:
    return METHODS.get(name.lower())


# ---------------------------------------------------------------------------------------
# Shared helpers
# ---------------------------------------------------------------------------------------


def chat_param(world: World, p: Params, name: str = "chat_id") -> Chat:
    """The chat a ``chat_id``-like parameter designates (``400 chat not found`` if none)."""
    ref = p.chat_id(name)
    assert ref is not None  # chat_id() raises when a required id is missing
    return world.find_chat(ref)


def _known_user(world: World) -> Callable[[int], JSON | None]:
    def lookup(user_id: int) -> JSON | None:
        user = world.users.get(user_id)
        return user.to_api() if user else None

    return lookup


def _entities_param(p: Params, name: str) -> list[JSON] | None:
    value = p.json(name)
    if value is None:
        return None
    if not isinstance(value, list) or not all(isinstance(e, dict) for e in value):
        raise bad_request(f"can't parse {name} JSON object")
    for entity in value:
        if not {"type", "offset", "length"} <= entity.keys():
            raise bad_request(f"can't parse {name} JSON object")
    return value


def formatted(
    world: World, text: str, parse_mode: str | None, entities: list[JSON] | None
) -> tuple[str, list[JSON]]:
    return format_text(text, parse_mode, entities, known_user=_known_user(world))


def _text_content(world: World, p: Params) -> JSON:
    raw = p.get_str("text")
    if raw is None or not raw.strip():
        raise bad_request("message text is empty")
    text, entities = formatted(world, raw, p.get_str("parse_mode"), _entities_param(p, "entities"))
    if not text:
        raise bad_request("message text is empty")
    if utf16_len(text) > MAX_TEXT:  # Telegram counts UTF-16 code units
        raise bad_request("message is too long")
    content: JSON = {"text": text}
    if entities:
        content["entities"] = entities
    return content


def _caption_content(world: World, p: Params) -> JSON:
    raw = p.get_str("caption")
    if not raw:
        return {}
    text, entities = formatted(
        world, raw, p.get_str("parse_mode"), _entities_param(p, "caption_entities")
    )
    if utf16_len(text) > MAX_CAPTION:
        raise bad_request("message caption is too long")
    content: JSON = {}
    if text:
        content["caption"] = text
    if entities:
        content["caption_entities"] = entities
    return content


_BUTTON_ACTIONS = (
    "url",
    "callback_data",
    "web_app",
    "login_url",
    "switch_inline_query",
    "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat",
    "copy_text",
    "callback_game",
    "pay",
)


def validate_reply_markup(markup: Any) -> JSON | None:
    """Check a ``reply_markup`` object like Telegram; return it normalised."""
    if markup is None:
        return None
    invalid = bad_request("can't parse reply keyboard markup JSON object")
    if not isinstance(markup, dict):
        raise invalid
    if "inline_keyboard" in markup:
        rows = markup["inline_keyboard"]
        if not isinstance(rows, list):
            raise invalid
        for row in rows:
            if not isinstance(row, list):
                raise bad_request(
                    'field "inline_keyboard" of the InlineKeyboardMarkup must be an Array of Arrays'
                )
            for button in row:
                _validate_inline_button(button)
        return {"inline_keyboard": copy.deepcopy(rows)}
    if "keyboard" in markup:
        rows = markup["keyboard"]
        if not isinstance(rows, list) or not all(isinstance(r, list) for r in rows):
            raise invalid
        normalised = copy.deepcopy(markup)
        normalised["keyboard"] = [
            [b if isinstance(b, dict) else {"text": str(b)} for b in row] for row in rows
        ]
        for row in normalised["keyboard"]:
            for button in row:
                if not button.get("text"):
                    raise bad_request("keyboard button text must be non-empty")
        return normalised
    if markup.get("remove_keyboard") is True or markup.get("force_reply") is True:
        return copy.deepcopy(markup)
    raise invalid


def _validate_inline_button(button: Any) -> None:
    if not isinstance(button, dict) or not isinstance(button.get("text"), str):
        raise bad_request(
            'can\'t parse inline keyboard button: Field "text" must be of type String'
        )
    if not button["text"]:
        raise bad_request("can't parse inline keyboard button: text must be non-empty")
    actions = [key for key in _BUTTON_ACTIONS if key in button]
    if not actions:
        raise bad_request(
            "can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard"
        )
    if "callback_data" in button:
        data = button["callback_data"]
        if not isinstance(data, str) or not 1 <= len(data.encode("utf-8")) <= MAX_CALLBACK_DATA:
            raise bad_request("BUTTON_DATA_INVALID")
    if "url" in button:
        url = button["url"]
        if not isinstance(url, str) or not re.match(r"^(https?|tg)://\S+$", url):
            raise bad_request(f"inline keyboard button URL '{url}' is invalid: Wrong HTTP URL")


def _reply_target(world: World, chat: Chat, p: Params) -> JSON:
    """``reply_parameters`` / ``reply_to_message_id`` -> ``reply_to_message``."""
    params = p.json("reply_parameters")
    message_id: int | None = None
    allow_missing = p.get_bool("allow_sending_without_reply")
    target_chat = chat
    if params is not None:
        if not isinstance(params, dict) or "message_id" not in params:
            raise bad_request("can't parse reply parameters JSON object")
        message_id = int(params["message_id"])
        allow_missing = bool(params.get("allow_sending_without_reply", allow_missing))
        if params.get("chat_id") not in (None, chat.id):
            target_chat = world.find_chat(params["chat_id"])
    else:
        message_id = p.get_int("reply_to_message_id")
    if message_id is None:
        return {}
    payload = world.reply_payload(target_chat, message_id)
    if payload is None:
        if allow_missing:
            return {}
        raise bad_request("message to be replied not found")
    if target_chat is not chat:
        return {"external_reply": {"type": "user", "date": payload["date"]}}
    return {"reply_to_message": payload}


@dataclass
class Outgoing:
    """The common part of every message the bot posts."""

    chat: Chat
    content: JSON
    keyboard: JSON | None
    paid: bool = False  # allow_paid_broadcast: up to 1,000 messages per second overall


def prepare_send(api: BotApi, p: Params) -> Outgoing:
    world = api.world
    chat = chat_param(world, p)
    world.check_can_send(chat)
    content: JSON = {}
    markup = validate_reply_markup(p.json("reply_markup", what="reply keyboard markup"))
    keyboard = None
    if markup is not None:
        if "inline_keyboard" in markup:
            content["reply_markup"] = markup
        else:
            keyboard = markup
    content.update(_reply_target(world, chat, p))
    if p.get_bool("protect_content"):
        content["has_protected_content"] = True
    thread = p.get_int("message_thread_id")
    if thread and chat.is_forum:
        world.check_thread(chat, thread)
        content["message_thread_id"] = thread
        content["is_topic_message"] = True
    elif thread:
        content["message_thread_id"] = thread
    return Outgoing(chat, content, keyboard, paid=p.get_bool("allow_paid_broadcast"))


def post(api: BotApi, out: Outgoing, body: JSON, *, admit: bool = True) -> JSON:
    """Create the bot's message (after the flood-limit check)."""
    if admit:
        api.admit(out.chat, paid=out.paid)
    content = dict(body)
    for key, value in out.content.items():
        content.setdefault(key, value)
    # reply_markup goes last like in Telegram's answers (cosmetic)
    markup = content.pop("reply_markup", None)
    if markup is not None:
        content["reply_markup"] = markup
    return api.world.add_bot_message(out.chat, content, out.keyboard)


def _message_for_edit(world: World, p: Params, *, what: str = "message to edit") -> StoredMessage:
    if p.has("inline_message_id"):
        raise bad_request(f"{what} not found")
    chat = chat_param(world, p)
    message_id = p.get_int("message_id")
    if message_id is None:
        raise bad_request("message identifier is not specified")
    stored = world.get_message(chat.id, message_id)
    if stored is None:
        raise bad_request(f"{what} not found")
    return stored


def _not_modified() -> ApiError:
    return bad_request(
        "message is not modified: specified new message content and reply markup are exactly "
        "the same as a current content and reply markup of the message"
    )


def _inline_markup(p: Params) -> JSON | None:
    markup = validate_reply_markup(p.json("reply_markup", what="reply keyboard markup"))
    if markup is not None and "inline_keyboard" not in markup:
        raise bad_request("inline keyboard expected")
    if markup is not None and not markup["inline_keyboard"]:
        return None
    return markup


def _apply_markup(data: JSON, markup: JSON | None) -> None:
    data.pop("reply_markup", None)
    if markup is not None:
        data["reply_markup"] = markup


# ---------------------------------------------------------------------------------------
# Bot & updates
# ---------------------------------------------------------------------------------------


@api_method("getMe")
async def get_me(api: BotApi, p: Params) -> JSON:
    data = api.world.bot.to_api()
    data.update(
        can_join_groups=True,
        can_read_all_group_messages=not api.world.privacy_mode,
        supports_inline_queries=False,
        can_connect_to_business=False,
        has_main_web_app=False,
    )
    return data


@api_method("getUpdates")
async def get_updates(api: BotApi, p: Params) -> list[JSON]:
    world = api.world
    if world.webhook_url:
        raise conflict(
            "can't use getUpdates method while webhook is active; use deleteWebhook to delete "
            "the webhook first"
        )
    offset = p.get_int("offset")
    limit = min(100, max(1, p.get_int("limit", default=100) or 100))
    timeout = max(0.0, p.get_float("timeout", default=0.0) or 0.0)
    allowed = p.json("allowed_updates")
    if allowed is not None:
        if not isinstance(allowed, list):
            raise bad_request("can't parse allowed_updates JSON object")
        chosen = frozenset(str(a) for a in allowed) & ALL_UPDATE_TYPES
        world.allowed_updates = chosen or DEFAULT_UPDATE_TYPES
    if offset is not None and offset > 0:
        world.confirm_updates(offset)
    api._poll_generation += 1
    generation = api._poll_generation
    api.wake()  # an older long poll still waiting must end with 409
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        if generation != api._poll_generation:
            raise conflict(
                "terminated by other getUpdates request; make sure that only one bot instance "
                "is running"
            )
        updates = world.pending_updates(offset, limit)
        remaining = deadline - loop.time()
        if updates or remaining <= 0 or api.closing:
            return copy.deepcopy(updates)
        await api.wait_change(remaining)


@api_method("deleteWebhook")
async def delete_webhook(api: BotApi, p: Params) -> bool:
    api.world.webhook_url = ""
    api.world.webhook_secret = ""
    if p.get_bool("drop_pending_updates"):
        api.world.updates.clear()
    return True


@api_method("setWebhook")
async def set_webhook(api: BotApi, p: Params) -> bool:
    url = p.get_str("url") or ""
    if url and not url.startswith("https://"):
        raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
    api.world.webhook_url = url
    secret = p.get_str("secret_token") or ""
    if secret and not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", secret):
        raise bad_request("bad webhook: secret token contains unallowed characters")
    api.world.webhook_secret = secret
    allowed = p.json("allowed_updates")
    if isinstance(allowed, list):
        chosen = frozenset(str(a) for a in allowed) & ALL_UPDATE_TYPES
        api.world.allowed_updates = chosen or DEFAULT_UPDATE_TYPES
    if p.get_bool("drop_pending_updates"):
        api.world.updates.clear()
    if api.webhook is not None:
        api.webhook.changed()  # the webhook delivery starts at once
    return True


@api_method("getWebhookInfo")
async def get_webhook_info(api: BotApi, p: Params) -> JSON:
    return {
        "url": api.world.webhook_url,
        "has_custom_certificate": False,
        "pending_update_count": len(api.world.updates),
        **api.webhook_info(),
    }


async def _ok(api: BotApi, p: Params) -> bool:
    return True


for _name in (
    "logOut",
    "close",
    "setChatMenuButton",
    "setMyDefaultAdministratorRights",
    "unpinAllChatMessages",
):
    api_method(_name)(_ok)


_PROFILE_FIELDS = {
    "Name": "name",
    "Description": "description",
    "ShortDescription": "short_description",
}


def _make_profile_methods(suffix: str, field: str) -> None:
    async def setter(api: BotApi, p: Params) -> bool:
        api.world.profile[(field, p.get_str("language_code") or "")] = p.get_str(field) or ""
        return True

    async def getter(api: BotApi, p: Params) -> JSON:
        value = api.world.profile.get((field, p.get_str("language_code") or ""))
        if value is None:
            value = api.world.profile.get((field, ""), "")
        if field == "name" and not value:
            value = api.world.bot.first_name
        return {field: value}

    api_method(f"setMy{suffix}")(setter)
    api_method(f"getMy{suffix}")(getter)


for _suffix, _field in _PROFILE_FIELDS.items():
    _make_profile_methods(_suffix, _field)


# ---------------------------------------------------------------------------------------
# Commands
# ---------------------------------------------------------------------------------------

_SCOPES = {
    "default": (),
    "all_private_chats": (),
    "all_group_chats": (),
    "all_chat_administrators": (),
    "chat": ("chat_id",),
    "chat_administrators": ("chat_id",),
    "chat_member": ("chat_id", "user_id"),
}
_COMMAND_RE = re.compile(r"^[a-z0-9_]{1,32}$")


def scope_key(world: World, scope: Any) -> str:
    """A canonical key for a BotCommandScope (``None`` = default)."""
    if scope is None:
        scope = {"type": "default"}
    if isinstance(scope, str):
        scope = {"type": scope}
    if not isinstance(scope, dict) or scope.get("type") not in _SCOPES:
        raise bad_request("can't parse BotCommandScope JSON object")
    key: JSON = {"type": scope["type"]}
    for name in _SCOPES[scope["type"]]:
        if name not in scope:
            raise bad_request(f"{name} is empty")
        value = scope[name]
        if name == "chat_id":
            value = world.find_chat(
                value if isinstance(value, int) or str(value).startswith("@") else int(value)
            ).id
        key[name] = int(value)
    return json.dumps(key, sort_keys=True)


def _language(p: Params) -> str:
    code = p.get_str("language_code") or ""
    if code and not re.fullmatch(r"[a-z]{2}", code):
        raise bad_request("invalid language code specified")
    return code


@api_method("setMyCommands")
async def set_my_commands(api: BotApi, p: Params) -> bool:
    commands = p.json("commands")
    if not isinstance(commands, list):
        raise bad_request("can't parse commands JSON object")
    if len(commands) > 100:
        raise bad_request("too many commands specified")
    cleaned: list[JSON] = []
    for command in commands:
        if not isinstance(command, dict):
            raise bad_request("can't parse BotCommand JSON object")
        name = str(command.get("command", "")).lstrip("/")
        description = str(command.get("description", ""))
        if not _COMMAND_RE.match(name):
            raise bad_request("BOT_COMMAND_INVALID")
        if not 1 <= len(description) <= 256:
            raise bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
        cleaned.append({"command": name, "description": description})
    key = (scope_key(api.world, p.json("scope")), _language(p))
    if cleaned:
        api.world.commands[key] = cleaned
    else:
        api.world.commands.pop(key, None)
    return True


@api_method("getMyCommands")
async def get_my_commands(api: BotApi, p: Params) -> list[JSON]:
    key = (scope_key(api.world, p.json("scope")), _language(p))
    return copy.deepcopy(api.world.commands.get(key, []))


@api_method("deleteMyCommands")
async def delete_my_commands(api: BotApi, p: Params) -> bool:
    key = (scope_key(api.world, p.json("scope")), _language(p))
    api.world.commands.pop(key, None)
    return True


# ---------------------------------------------------------------------------------------
# Messages
# ---------------------------------------------------------------------------------------


@api_method("sendMessage")
async def send_message(api: BotApi, p: Params) -> JSON:
    out = prepare_send(api, p)
    body = _text_content(api.world, p)
    options = p.json("link_preview_options")
    if isinstance(options, dict) and options:
        body["link_preview_options"] = options
    return post(api, out, body)


@api_method("editMessageText")
async def edit_message_text(api: BotApi, p: Params) -> JSON:
    world = api.world
    stored = _message_for_edit(world, p)
    if not stored.from_bot:
        raise bad_request("message can't be edited")
    if "text" not in stored.data:
        raise bad_request("there is no text in the message to edit")
    content = _text_content(world, p)
    markup = _inline_markup(p)
    data = stored.data
    if (
        data["text"] == content["text"]
        and data.get("entities", []) == content.get("entities", [])
        and data.get("reply_markup") == markup
    ):
        raise _not_modified()
    data["text"] = content["text"]
    data.pop("entities", None)
    if "entities" in content:
        data["entities"] = content["entities"]
    _apply_markup(data, markup)
    return world.edited(stored)


@api_method("editMessageCaption")
async def edit_message_caption(api: BotApi, p: Params) -> JSON:
    world = api.world
    stored = _message_for_edit(world, p)
    if not stored.from_bot:
        raise bad_request("message can't be edited")
    data = stored.data
    if not any(k in data for k in ("document", "photo", "video", "audio", "animation")):
        raise bad_request("there is no caption in the message to edit")
    content = _caption_content(world, p)
    markup = _inline_markup(p)
    if (
        data.get("caption") == content.get("caption")
        and data.get("caption_entities") == content.get("caption_entities")
        and data.get("reply_markup") == markup
    ):
        raise _not_modified()
    data.pop("caption", None)
    data.pop("caption_entities", None)
    data.update(content)
    _apply_markup(data, markup)
    return world.edited(stored)


@api_method("editMessageReplyMarkup")
async def edit_message_reply_markup(api: BotApi, p: Params) -> JSON:
    world = api.world
    stored = _message_for_edit(world, p)
    if not stored.from_bot:
        raise bad_request("message can't be edited")
    markup = _inline_markup(p)
    if stored.data.get("reply_markup") == markup:
        raise _not_modified()
    _apply_markup(stored.data, markup)
    return world.edited(stored)


def _delete_one(world: World, chat: Chat, message_id: int) -> None:
    stored = world.get_message(chat.id, message_id)
    if stored is None:
        raise bad_request("message to delete not found")
    if not stored.from_bot and chat.type != "private" and not world.bot_is_admin(chat):
        raise bad_request("message can't be deleted")
    world.delete(stored)


@api_method("deleteMessage")
async def delete_message(api: BotApi, p: Params) -> bool:
    chat = chat_param(api.world, p)
    _delete_one(api.world, chat, p.req_int("message_id"))
    return True


@api_method("deleteMessages")
async def delete_messages(api: BotApi, p: Params) -> bool:
    chat = chat_param(api.world, p)
    ids = p.json("message_ids")
    if not isinstance(ids, list) or not 1 <= len(ids) <= 100:
        raise bad_request("message_ids is empty")
    for message_id in ids:
        if api.world.get_message(chat.id, int(message_id)) is not None:
            _delete_one(api.world, chat, int(message_id))
    return True


_CONTENT_KEYS = ("text", "entities", "caption", "caption_entities", "document", "photo", "poll")


def _source_message(world: World, p: Params) -> StoredMessage:
    source_chat = chat_param(world, p, "from_chat_id")
    stored = world.get_message(source_chat.id, p.req_int("message_id"))
    if stored is None:
        raise bad_request("message to copy not found")
    return stored


@api_method("copyMessage")
async def copy_message(api: BotApi, p: Params) -> JSON:
    source = _source_message(api.world, p)
    out = prepare_send(api, p)
    body = {k: copy.deepcopy(v) for k, v in source.data.items() if k in _CONTENT_KEYS}
    if "poll" in body:
        raise bad_request("message can't be copied")
    if p.has("caption"):
        body.pop("caption", None)
        body.pop("caption_entities", None)
        body.update(_caption_content(api.world, p))
    message = post(api, out, body)
    return {"message_id": message["message_id"]}


@api_method("forwardMessage")
async def forward_message(api: BotApi, p: Params) -> JSON:
    source = _source_message(api.world, p)
    out = prepare_send(api, p)
    out.content.pop("reply_to_message", None)
    body = {k: copy.deepcopy(v) for k, v in source.data.items() if k in _CONTENT_KEYS}
    data = source.data
    if "sender_chat" in data:
        origin: JSON = {"type": "chat", "date": data["date"], "sender_chat": data["sender_chat"]}
        if data["chat"]["type"] == "channel":
            origin = {
                "type": "channel",
                "date": data["date"],
                "chat": data["chat"],
                "message_id": data["message_id"],
            }
    else:
        origin = {"type": "user", "date": data["date"], "sender_user": data["from"]}
    body["forward_origin"] = origin
    return post(api, out, body)


@api_method("answerCallbackQuery")
async def answer_callback_query(api: BotApi, p: Params) -> bool:
    world = api.world
    query_id = p.req_str("callback_query_id")
    if query_id not in world.callback_queries or query_id in world.callback_answers:
        raise bad_request("query is too old and response timeout expired or query ID is invalid")
    text = p.get_str("text")
    if text is not None and len(text) > 200:
        raise bad_request("MESSAGE_TOO_LONG")
    answer: JSON = {
        "callback_query_id": query_id,
        "text": text,
        "show_alert": p.get_bool("show_alert"),
        "url": p.get_str("url"),
        "cache_time": p.get_int("cache_time", default=0),
    }
    world.callback_answers[query_id] = answer
    query = world.callback_queries[query_id]
    chat_id = query.get("message", {}).get("chat", {}).get("id")
    world.record_event("callback_answer", chat_id, None, dict(answer))
    return True


_ACTIONS = {
    "typing",
    "upload_photo",
    "record_video",
    "upload_video",
    "record_voice",
    "upload_voice",
    "upload_document",
    "choose_sticker",
    "find_location",
    "record_video_note",
    "upload_video_note",
}


@api_method("sendChatAction")
async def send_chat_action(api: BotApi, p: Params) -> bool:
    chat = chat_param(api.world, p)
    api.world.check_can_send(chat)
    action = p.get_str("action")
    if action not in _ACTIONS:
        raise bad_request("wrong parameter action in request")
    api.world.record_event("chat_action", chat.id, None, {"action": action})
    return True


@api_method("setMessageReaction")
async def set_message_reaction(api: BotApi, p: Params) -> bool:
    chat = chat_param(api.world, p)
    if api.world.get_message(chat.id, p.req_int("message_id")) is None:
        raise bad_request("message to react not found")
    return True


@api_method("pinChatMessage")
async def pin_chat_message(api: BotApi, p: Params) -> bool:
    chat = chat_param(api.world, p)
    message_id = p.req_int("message_id")
    if api.world.get_message(chat.id, message_id) is None:
        raise bad_request("message to pin not found")
    if chat.is_group and not api.world.bot_is_admin(chat):
        raise bad_request("not enough rights to manage pinned messages in the chat")
    chat.pinned_message_id = message_id
    return True


@api_method("unpinChatMessage")
async def unpin_chat_message(api: BotApi, p: Params) -> bool:
    chat = chat_param(api.world, p)
    chat.pinned_message_id = None
    return True


# ---------------------------------------------------------------------------------------
# Polls
# ---------------------------------------------------------------------------------------


@api_method("sendPoll")
async def send_poll(api: BotApi, p: Params) -> JSON:
    world = api.world
    out = prepare_send(api, p)
    question_raw = p.get_str("question") or ""
    question, question_entities = formatted(
        world,
        question_raw,
        p.get_str("question_parse_mode"),
        _entities_param(p, "question_entities"),
    )
    if not question:
        raise bad_request("poll question must be non-empty")
    if utf16_len(question) > 300:
        raise bad_request("poll question length must not exceed 300")
    raw_options = p.json("options")
    if not isinstance(raw_options, list) or not raw_options:
        raise bad_request("poll must have at least 1 option")
    if len(raw_options) > 12:
        raise bad_request("poll can't have more than 12 options")
    number = world.next_id()
    options: list[JSON] = []
    for index, raw in enumerate(raw_options):
        if isinstance(raw, str):
            raw = {"text": raw}
        if not isinstance(raw, dict) or not isinstance(raw.get("text"), str):
            raise bad_request("can't parse InputPollOption JSON object")
        text, entities = formatted(
            world, raw["text"], raw.get("text_parse_mode"), raw.get("text_entities")
        )
        if not text:
            raise bad_request("poll options must be non-empty")
        if utf16_len(text) > 100:
            raise bad_request("poll options length must not exceed 100")
        option: JSON = {"text": text, "voter_count": 0, "persistent_id": f"{number}-{index}"}
        if entities:
            option["text_entities"] = entities
        options.append(option)
    poll_type = p.get_str("type") or "regular"
    if poll_type not in ("regular", "quiz"):
        raise bad_request("poll type is invalid")
    is_anonymous = p.get_bool("is_anonymous", default=True)
    multiple = p.get_bool("allows_multiple_answers")
    correct = p.json("correct_option_ids")
    if correct is None and p.has("correct_option_id"):
        correct = [p.req_int("correct_option_id")]
    if poll_type == "quiz":
        if not isinstance(correct, list) or not correct:
            raise bad_request("wrong correct option ids specified")
        if any(not isinstance(c, int) or not 0 <= c < len(options) for c in correct):
            raise bad_request("wrong correct option ids specified")
        if len(correct) > 1 and not multiple:
            raise bad_request("wrong correct option ids specified")
    allows_revoting = p.opt_bool("allows_revoting")
    if allows_revoting is None:
        allows_revoting = poll_type == "regular"
    poll: JSON = {
        "id": str(5000000000000000000 + number),
        "question": question,
        "options": options,
        "total_voter_count": 0,
        "is_closed": p.get_bool("is_closed"),
        "is_anonymous": is_anonymous,
        "type": poll_type,
        "allows_multiple_answers": multiple,
        "allows_revoting": allows_revoting,
        "members_only": p.get_bool("members_only"),
    }
    if question_entities:
        poll["question_entities"] = question_entities
    if poll_type == "quiz":
        poll["correct_option_ids"] = correct
        if p.has("explanation"):
            explanation, explanation_entities = formatted(
                world,
                p.req_str("explanation"),
                p.get_str("explanation_parse_mode"),
                _entities_param(p, "explanation_entities"),
            )
            poll["explanation"] = explanation
            if explanation_entities:
                poll["explanation_entities"] = explanation_entities
    if p.has("description"):
        description, description_entities = formatted(
            world,
            p.req_str("description"),
            p.get_str("description_parse_mode"),
            _entities_param(p, "description_entities"),
        )
        poll["description"] = description
        if description_entities:
            poll["description_entities"] = description_entities
    open_period = p.get_int("open_period")
    if open_period:
        poll["open_period"] = open_period
        poll["close_date"] = world.now() + open_period
    elif p.get_int("close_date"):
        poll["close_date"] = p.get_int("close_date")
    message = post(api, out, {"poll": poll})
    stored = world.get_message(out.chat.id, message["message_id"])
    assert stored is not None
    world.polls[poll["id"]] = PollState(
        data=stored.data["poll"],
        chat_id=out.chat.id,
        message_id=message["message_id"],
        sent_by_bot=True,
    )
    return message


@api_method("stopPoll")
async def stop_poll(api: BotApi, p: Params) -> JSON:
    world = api.world
    stored = _message_for_edit(world, p, what="message with poll to stop")
    if "poll" not in stored.data:
        raise bad_request("message with poll to stop not found")
    if not stored.from_bot:
        raise bad_request("poll can't be stopped")
    poll = stored.data["poll"]
    if poll["is_closed"]:
        raise bad_request("poll has already been closed")
    _apply_markup(stored.data, _inline_markup(p))
    world.close_poll(world.polls[poll["id"]])
    return copy.deepcopy(poll)


# ---------------------------------------------------------------------------------------
# Files
# ---------------------------------------------------------------------------------------


def _image_info(data: bytes) -> tuple[int, int, bytes | None] | None:
    """(width, height, 90px thumbnail JPEG) of an image, ``None`` if not an image."""
    try:
        from PIL import Image
    except ImportError:  # pragma: no cover - Pillow is there (matplotlib needs it)
        return (800, 600, None)
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            width, height = image.size
            thumb_bytes = None
            if max(width, height) > 90:
                thumb = image.convert("RGB")
                thumb.thumbnail((90, 90))
                buffer = io.BytesIO()
                thumb.save(buffer, format="JPEG")
                thumb_bytes = buffer.getvalue()
            return width, height, thumb_bytes
    except (OSError, ValueError, Image.DecompressionBombError):
        return None


def _file_input(
    world: World, p: Params, name: str, kind: str
) -> tuple[UploadedFile | None, StoredFile | None, str | None]:
    value = p.file(name)
    if value is None:
        raise bad_request(f"there is no {name} in the request")
    if isinstance(value, UploadedFile):
        if not value.data:
            raise bad_request("file must be non-empty")
        return value, None, None
    if re.match(r"^https?://", value):
        return None, None, value
    stored = world.files.get(value)
    if stored is None:
        raise bad_request("wrong file identifier/HTTP URL specified")
    if kind == "photo" and stored.kind != "photo":
        raise bad_request(
            f"can't use file of type {stored.kind.capitalize()} as {kind.capitalize()}"
        )
    return None, stored, None


def _document_json(stored: StoredFile) -> JSON:
    data: JSON = {"file_id": stored.file_id, "file_unique_id": stored.file_unique_id}
    if stored.file_name:
        data["file_name"] = stored.file_name
    if stored.mime_type:
        data["mime_type"] = stored.mime_type
    if stored.file_size is not None:
        data["file_size"] = stored.file_size
    return data


def _photo_json(stored: StoredFile) -> JSON:
    data: JSON = {
        "file_id": stored.file_id,
        "file_unique_id": stored.file_unique_id,
        "width": stored.width,
        "height": stored.height,
    }
    if stored.file_size is not None:
        data["file_size"] = stored.file_size
    return data


def store_document(world: World, upload: UploadedFile | None, url: str | None) -> StoredFile:
    if upload is not None:
        mime = upload.content_type
        if not mime or mime == "application/octet-stream":
            mime = (
                mimetypes.guess_type(upload.filename or "")[0] if upload.filename else None
            ) or mime
        return world.store_file(
            "document", data=upload.data, file_name=upload.filename or "document", mime_type=mime
        )
    assert url is not None
    name = url.rstrip("/").rsplit("/", 1)[-1] or "document"
    return world.store_file(
        "document", url=url, file_name=name, mime_type=mimetypes.guess_type(name)[0]
    )


def store_photo(world: World, upload: UploadedFile | None, url: str | None) -> list[StoredFile]:
    if upload is None:
        assert url is not None
        return [world.store_file("photo", url=url, width=800, height=600)]
    info = _image_info(upload.data)
    if info is None:
        raise bad_request("IMAGE_PROCESS_FAILED")
    width, height, thumb = info
    sizes = []
    if thumb is not None:
        scale = 90 / max(width, height)
        sizes.append(
            world.store_file(
                "photo",
                data=thumb,
                mime_type="image/jpeg",
                width=max(1, round(width * scale)),
                height=max(1, round(height * scale)),
            )
        )
    sizes.append(
        world.store_file(
            "photo", data=upload.data, mime_type="image/jpeg", width=width, height=height
        )
    )
    return sizes


@api_method("sendDocument")
async def send_document(api: BotApi, p: Params) -> JSON:
    out = prepare_send(api, p)
    upload, existing, url = _file_input(api.world, p, "document", "document")
    stored = existing or store_document(api.world, upload, url)
    if stored.kind == "photo":
        body: JSON = {"photo": [_photo_json(stored)]}
    else:
        body = {"document": _document_json(stored)}
    body.update(_caption_content(api.world, p))
    return post(api, out, body)


@api_method("sendPhoto")
async def send_photo(api: BotApi, p: Params) -> JSON:
    out = prepare_send(api, p)
    upload, existing, url = _file_input(api.world, p, "photo", "photo")
    sizes = [existing] if existing else store_photo(api.world, upload, url)
    body: JSON = {"photo": [_photo_json(s) for s in sizes]}
    body.update(_caption_content(api.world, p))
    return post(api, out, body)


@api_method("sendMediaGroup")
async def send_media_group(api: BotApi, p: Params) -> list[JSON]:
    world = api.world
    out = prepare_send(api, p)
    media = p.json("media")
    if not isinstance(media, list) or not 2 <= len(media) <= 10:
        raise bad_request("wrong number of media in the media group: must be 2-10")
    bodies: list[JSON] = []
    for item in media:
        if not isinstance(item, dict) or item.get("type") not in ("photo", "document"):
            raise bad_request("unsupported media type in the media group")
        value = item.get("media")
        if not isinstance(value, str):
            raise bad_request("can't parse InputMedia JSON object")
        source = p.resolve_attach(value)
        upload = source if isinstance(source, UploadedFile) else None
        url = source if isinstance(source, str) and re.match(r"^https?://", source) else None
        existing = None
        if upload is None and url is None:
            existing = world.files.get(str(source))
            if existing is None:
                raise bad_request("wrong file identifier/HTTP URL specified")
        if item["type"] == "photo":
            sizes = [existing] if existing else store_photo(world, upload, url)
            body: JSON = {"photo": [_photo_json(s) for s in sizes]}
        else:
            stored = existing or store_document(world, upload, url)
            body = {"document": _document_json(stored)}
        if item.get("caption"):
            text, entities = formatted(
                world, item["caption"], item.get("parse_mode"), item.get("caption_entities")
            )
            if utf16_len(text) > MAX_CAPTION:
                raise bad_request("message caption is too long")
            if text:
                body["caption"] = text
            if entities:
                body["caption_entities"] = entities
        bodies.append(body)
    group_id = str(13000000000000000 + world.next_id())
    api.admit(out.chat, paid=out.paid)
    messages = []
    for body in bodies:
        body["media_group_id"] = group_id
        messages.append(post(api, out, body, admit=False))
    return messages


@api_method("getFile")
async def get_file(api: BotApi, p: Params) -> JSON:
    stored = api.world.file(p.req_str("file_id"))
    if stored.file_size is not None and stored.file_size > MAX_DOWNLOAD:
        raise bad_request("file is too big")
    data: JSON = {"file_id": stored.file_id, "file_unique_id": stored.file_unique_id}
    if stored.file_size is not None:
        data["file_size"] = stored.file_size
    if stored.file_path:
        data["file_path"] = stored.file_path
    return data


# ---------------------------------------------------------------------------------------
# Chats
# ---------------------------------------------------------------------------------------


@api_method("getChat")
async def get_chat(api: BotApi, p: Params) -> JSON:
    world = api.world
    chat = chat_param(api.world, p)
    if chat.migrated_to is not None:
        raise bad_request("chat not found")
    data = chat.to_api()
    data.update(
        accent_color_id=0,
        max_reaction_count=11,
        accepted_gift_types={
            "unlimited_gifts": False,
            "limited_gifts": False,
            "unique_gifts": False,
            "premium_subscription": False,
            "gifts_from_channels": False,
        },
    )
    if chat.pinned_message_id is not None:
        pinned = world.get_message(chat.id, chat.pinned_message_id)
        if pinned is not None:
            data["pinned_message"] = copy.deepcopy(pinned.data)
    if chat.is_group:
        data["permissions"] = {
            "can_send_messages": True,
            "can_send_polls": True,
            "can_send_other_messages": True,
            "can_add_web_page_previews": True,
            "can_invite_users": True,
        }
    return data


def _user_param(api: BotApi, p: Params) -> int:
    user_id = p.req_int("user_id")
    if user_id not in api.world.users:
        raise bad_request("user not found")
    return user_id


@api_method("getChatMember")
async def get_chat_member(api: BotApi, p: Params) -> JSON:
    chat = chat_param(api.world, p)
    if chat.migrated_to is not None:
        raise bad_request("chat not found")
    return api.world.chat_member(chat, _user_param(api, p))


@api_method("getChatAdministrators")
async def get_chat_administrators(api: BotApi, p: Params) -> list[JSON]:
    world = api.world
    chat = chat_param(api.world, p)
    if chat.type == "private":
        raise bad_request("there are no administrators in the private chat")
    admins = [
        world.chat_member(chat, uid)
        for uid, status in chat.members.items()
        if status in ("creator", "administrator")
    ]
    if world.bot_is_admin(chat):
        admins.append(world.chat_member(chat, world.bot.id))
    return admins


@api_method("getChatMemberCount")
async def get_chat_member_count(api: BotApi, p: Params) -> int:
    chat = chat_param(api.world, p)
    if chat.type == "private":
        return 2
    count = sum(1 for status in chat.members.values() if status in ACTIVE_STATUSES)
    return count + (1 if chat.bot_status in ACTIVE_STATUSES else 0)


@api_method("leaveChat")
async def leave_chat(api: BotApi, p: Params) -> bool:
    world = api.world
    chat = chat_param(api.world, p)
    if chat.type == "private":
        raise bad_request("chat member status can't be changed in private chats")
    if chat.bot_status not in ACTIVE_STATUSES:
        raise forbidden_not_member(chat)
    world.set_member_status(chat, world.bot.id, "left", by_user_id=world.bot.id)
    return True


def forbidden_not_member(chat: Chat) -> ApiError:
    noun = {"group": "group chat", "supergroup": "supergroup chat", "channel": "channel chat"}
    return ApiError(403, f"Forbidden: bot is not a member of the {noun.get(chat.type, 'chat')}")


@api_method("banChatMember")
async def ban_chat_member(api: BotApi, p: Params) -> bool:
    world = api.world
    chat = chat_param(api.world, p)
    user_id = _user_param(api, p)
    if chat.type == "private" or not world.bot_is_admin(chat):
        raise bad_request("not enough rights to restrict/unrestrict chat member")
    if world.member_status(chat, user_id) == "creator":
        raise bad_request("can't remove chat owner")
    world.set_member_status(chat, user_id, "kicked", by_user_id=world.bot.id)
    return True


@api_method("unbanChatMember")
async def unban_chat_member(api: BotApi, p: Params) -> bool:
    world = api.world
    chat = chat_param(api.world, p)
    user_id = _user_param(api, p)
    if chat.type == "private" or not world.bot_is_admin(chat):
        raise bad_request("not enough rights to restrict/unrestrict chat member")
    status = world.member_status(chat, user_id)
    if status == "kicked" or (status in ACTIVE_STATUSES and not p.get_bool("only_if_banned")):
        world.set_member_status(chat, user_id, "left", by_user_id=world.bot.id)
    return True
