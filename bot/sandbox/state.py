"""The emulated Telegram world: users, chats, messages, polls, files and the update queue.

Everything is kept in memory in the *wire format* of the Bot API (plain JSON-able dicts),
so what the bot receives is exactly what PTB parses from Telegram. Conventions followed:

* A private chat has the id of its user (positive); a basic group has a negative id, a
  supergroup or channel an id of the form ``-100xxxxxxxxxx``.
* Message ids are counted per chat and shared by the users' and the bot's messages.
* The bot never receives updates about its own messages; users' actions (messages, button
  presses, votes, joins...) become updates queued for ``getUpdates``. Update types that are
  not in the current ``allowed_updates`` are dropped when created, and ``chat_member`` /
  ``message_reaction`` updates are off by default, as on Telegram.
* Each change to a bot message (sent, edited, deleted), each callback answer and chat
  action is also recorded as a :class:`SandboxEvent` with an increasing ``seq`` number:
  the test API waits on them and ``Sandbox.subscribe()`` streams them.
"""

from __future__ import annotations

import copy
import mimetypes
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from .errors import ApiError, SandboxError, bad_request, chat_migrated, forbidden

JSON = dict[str, Any]

GROUP_ANONYMOUS_BOT: JSON = {
    "id": 1087968824,
    "is_bot": True,
    "first_name": "Group",
    "username": "GroupAnonymousBot",
}
"""The user Telegram puts in ``from`` of messages sent by anonymous group admins."""

CHANNEL_BOT: JSON = {
    "id": 136817688,
    "is_bot": True,
    "first_name": "Channel",
    "username": "Channel_Bot",
}
"""The user Telegram puts in ``from`` of messages sent on behalf of a channel."""

ALL_UPDATE_TYPES = frozenset(
    {
        "message",
        "edited_message",
        "channel_post",
        "edited_channel_post",
        "callback_query",
        "poll",
        "poll_answer",
        "my_chat_member",
        "chat_member",
        "chat_join_request",
        "message_reaction",
        "message_reaction_count",
        "inline_query",
        "chosen_inline_result",
    }
)
DEFAULT_UPDATE_TYPES = ALL_UPDATE_TYPES - {
    "chat_member",
    "message_reaction",
    "message_reaction_count",
}

ACTIVE_STATUSES = frozenset({"creator", "administrator", "member", "restricted"})


@dataclass
class User:
    id: int
    first_name: str
    last_name: str | None = None
    username: str | None = None
    language_code: str | None = None
    is_bot: bool = False
    started: bool = True
    """Whether the user has a private chat with the bot (sent it something)."""
    blocked_bot: bool = False

    def to_api(self) -> JSON:
        data: JSON = {"id": self.id, "is_bot": self.is_bot, "first_name": self.first_name}
        if self.last_name:
            data["last_name"] = self.last_name
        if self.username:
            data["username"] = self.username
        if self.language_code and not self.is_bot:
            data["language_code"] = self.language_code
        return data

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}" if self.last_name else self.first_name


@dataclass
class Topic:
    """A forum topic of a supergroup: its id is the id of its ``forum_topic_created`` message."""

    thread_id: int
    name: str
    closed: bool = False
    deleted: bool = False


@dataclass
class Chat:
    id: int
    type: str  # private | group | supergroup | channel
    title: str | None = None
    username: str | None = None
    user: User | None = None  # the other party of a private chat
    members: dict[int, str] = field(default_factory=dict)  # user id -> ChatMember status
    bot_status: str = "member"
    migrated_to: int | None = None
    pinned_message_id: int | None = None
    next_message_id: int = 1
    is_forum: bool = False  # a supergroup with topics
    topics: dict[int, Topic] = field(default_factory=dict)

    def to_api(self) -> JSON:
        if self.type == "private":
            assert self.user is not None
            data: JSON = {"id": self.id, "type": "private", "first_name": self.user.first_name}
            if self.user.last_name:
                data["last_name"] = self.user.last_name
            if self.user.username:
                data["username"] = self.user.username
            return data
        data = {"id": self.id, "type": self.type, "title": self.title or ""}
        if self.username:
            data["username"] = self.username
        if self.is_forum:
            data["is_forum"] = True
        return data

    @property
    def is_group(self) -> bool:
        return self.type in ("group", "supergroup")

    def allocate_message_id(self) -> int:
        message_id = self.next_message_id
        self.next_message_id += 1
        return message_id


@dataclass
class StoredMessage:
    data: JSON
    from_bot: bool
    seq: int
    deleted: bool = False
    keyboard: JSON | None = None
    """A reply keyboard / force reply / keyboard removal sent with the message: Telegram does
    not return those in ``Message.reply_markup`` but tests want to see them."""

    @property
    def chat_id(self) -> int:
        return int(self.data["chat"]["id"])

    @property
    def message_id(self) -> int:
        return int(self.data["message_id"])

    def snapshot(self) -> JSON:
        data = copy.deepcopy(self.data)
        if self.keyboard is not None:
            data["reply_markup"] = copy.deepcopy(self.keyboard)
        return data


@dataclass
class PollState:
    data: JSON  # the API Poll object, kept current
    chat_id: int
    message_id: int
    sent_by_bot: bool
    votes: dict[int, list[int]] = field(default_factory=dict)


@dataclass
class StoredFile:
    file_id: str
    file_unique_id: str
    kind: str  # document | photo
    data: bytes | None
    url: str | None
    file_name: str | None
    mime_type: str | None
    file_path: str | None
    width: int = 0
    height: int = 0

    @property
    def file_size(self) -> int | None:
        return len(self.data) if self.data is not None else None


@dataclass(frozen=True)
class SandboxEvent:
    """Something the bot did, as seen by the test API (``Sandbox.subscribe()``).

    ``kind`` is ``"message"`` (a new bot message), ``"edited"``, ``"deleted"``,
    ``"callback_answer"`` (``data`` = the answer) or ``"chat_action"`` (``data`` =
    ``{"action": ...}``). ``message`` is a snapshot of the message at that moment.
    """

    seq: int
    kind: str
    chat_id: int | None
    message: JSON | None = None
    data: JSON | None = None


Clock = Callable[[], datetime]


class World:
    """The state of the emulated Telegram, shared by the Bot API and the test API."""

    def __init__(self, bot: User, clock: Clock | None = None) -> None:
        self.bot = bot
        self.clock = clock
        self.privacy_mode = False
        self.users: dict[int, User] = {bot.id: bot}
        self.chats: dict[int, Chat] = {}
        self.messages: dict[tuple[int, int], StoredMessage] = {}
        self.polls: dict[str, PollState] = {}
        self.files: dict[str, StoredFile] = {}
        self.files_by_path: dict[str, StoredFile] = {}
        self.updates: list[JSON] = []
        self.next_update_id = 1
        self.allowed_updates: frozenset[str] = DEFAULT_UPDATE_TYPES
        self.webhook_url = ""
        self.webhook_secret = ""  # setWebhook's secret_token (bot/sandbox/webhook.py)
        self.commands: dict[tuple[str, str], list[JSON]] = {}
        self.profile: dict[tuple[str, str], str] = {}
        self.callback_queries: dict[str, JSON] = {}
        self.callback_answers: dict[str, JSON] = {}
        self.events: list[SandboxEvent] = []
        self.seq = 0
        self._counter = 0
        self.listeners: list[Callable[[], None]] = []
        self.event_listeners: list[Callable[[SandboxEvent], None]] = []

    # -- time & ids --------------------------------------------------------------------
    def now(self) -> int:
        if self.clock is not None:
            return int(self.clock().timestamp())
        return int(time.time())

    def next_id(self) -> int:
        self._counter += 1
        return self._counter

    def _changed(self) -> None:
        for listener in list(self.listeners):
            listener()

    # -- users & chats ------------------------------------------------------------------
    def user(self, user_id: int) -> User:
        try:
            return self.users[user_id]
        except KeyError:
            raise SandboxError(f"unknown user {user_id}: add it with sb.add_user()") from None

    def chat(self, chat_id: int) -> Chat:
        try:
            return self.chats[chat_id]
        except KeyError:
            raise SandboxError(
                f"unknown chat {chat_id}: add it with sb.add_user() / sb.add_group()"
            ) from None

    def add_user(
        self,
        user_id: int,
        first_name: str,
        *,
        username: str | None = None,
        language_code: str | None = "fr",
        last_name: str | None = None,
        is_bot: bool = False,
        started: bool = True,
    ) -> User:
        if user_id <= 0:
            raise SandboxError("user ids are positive")
        if user_id in self.users:
            raise SandboxError(f"user {user_id} already exists")
        user = User(
            id=user_id,
            first_name=first_name,
            last_name=last_name,
            username=username,
            language_code=language_code,
            is_bot=is_bot,
            started=started and not is_bot,
        )
        self.users[user_id] = user
        self.chats[user_id] = Chat(id=user_id, type="private", user=user)
        return user

    def add_group(
        self,
        chat_id: int,
        title: str,
        *,
        supergroup: bool = False,
        channel: bool = False,
        username: str | None = None,
        members: Iterable[int] = (),
        admins: Iterable[int] = (),
        creator: int | None = None,
        bot_status: str = "member",
        forum: bool = False,
    ) -> Chat:
        if chat_id in self.chats:
            raise SandboxError(f"chat {chat_id} already exists")
        kind = "channel" if channel else "supergroup" if supergroup else "group"
        if kind == "group" and not (chat_id < 0 and not str(chat_id).startswith("-100")):
            raise SandboxError("basic group ids are negative and do not start with -100")
        if kind != "group" and not str(chat_id).startswith("-100"):
            raise SandboxError(f"{kind} ids look like -100xxxxxxxxxx")
        if forum and kind != "supergroup":
            raise SandboxError("only supergroups have topics")
        chat = Chat(
            id=chat_id,
            type=kind,
            title=title,
            username=username,
            bot_status=bot_status,
            is_forum=forum,
        )
        for user_id in members:
            self.user(user_id)
            chat.members[user_id] = "member"
        for user_id in admins:
            self.user(user_id)
            chat.members[user_id] = "administrator"
        if creator is not None:
            self.user(creator)
            chat.members[creator] = "creator"
        self.chats[chat_id] = chat
        return chat

    def member_status(self, chat: Chat, user_id: int) -> str:
        if chat.type == "private" and user_id == self.bot.id:
            assert chat.user is not None
            return "kicked" if chat.user.blocked_bot else "member"
        if user_id == self.bot.id:
            return chat.bot_status
        if chat.type == "private":
            return "member" if user_id == chat.id else "left"
        return chat.members.get(user_id, "left")

    def chat_member(self, chat: Chat, user_id: int) -> JSON:
        """A ChatMember object (all fields PTB requires for each status)."""
        user = self.user(user_id)
        status = self.member_status(chat, user_id)
        data: JSON = {"status": status, "user": user.to_api()}
        if status == "creator":
            data["is_anonymous"] = False
        elif status == "administrator":
            data.update(
                can_be_edited=False,
                is_anonymous=False,
                can_manage_chat=True,
                can_delete_messages=True,
                can_manage_video_chats=True,
                can_restrict_members=True,
                can_promote_members=False,
                can_change_info=True,
                can_invite_users=True,
                can_post_stories=True,
                can_edit_stories=True,
                can_delete_stories=True,
                can_pin_messages=True,
            )
            if chat.type == "channel":
                data.update(can_post_messages=True, can_edit_messages=True)
        elif status == "restricted":
            data.update(
                is_member=True,
                can_change_info=False,
                can_invite_users=False,
                can_pin_messages=False,
                can_send_messages=False,
                can_send_polls=False,
                can_send_other_messages=False,
                can_add_web_page_previews=False,
                can_manage_topics=False,
                can_send_audios=False,
                can_send_documents=False,
                can_send_photos=False,
                can_send_videos=False,
                can_send_video_notes=False,
                can_send_voice_notes=False,
                can_edit_tag=False,
                can_react_to_messages=False,
                until_date=0,
            )
        elif status == "kicked":
            data["until_date"] = 0
        return data

    def set_member_status(
        self, chat: Chat, user_id: int, status: str, *, by_user_id: int | None = None
    ) -> JSON | None:
        """Change a membership and queue the ``my_chat_member``/``chat_member`` update."""
        if status not in ACTIVE_STATUSES | {"left", "kicked"}:
            raise SandboxError(f"unknown member status {status!r}")
        if chat.type == "private":
            raise SandboxError("private chats have no membership to change (see block_bot)")
        old = self.chat_member(chat, user_id)
        if user_id == self.bot.id:
            chat.bot_status = status
        else:
            chat.members[user_id] = status
        new = self.chat_member(chat, user_id)
        if old["status"] == new["status"]:
            return None
        actor = self.users[by_user_id] if by_user_id is not None else self.users[user_id]
        payload: JSON = {
            "chat": chat.to_api(),
            "from": actor.to_api(),
            "date": self.now(),
            "old_chat_member": old,
            "new_chat_member": new,
        }
        if user_id == self.bot.id:
            self.push_update("my_chat_member", payload)
        elif self.bot_is_admin(chat):
            self.push_update("chat_member", payload)
        return payload

    def bot_is_admin(self, chat: Chat) -> bool:
        return chat.bot_status in ("administrator", "creator")

    def find_chat(self, ref: int | str) -> Chat:
        """Resolve a ``chat_id`` parameter (id or ``@username``) or fail like Telegram."""
        if isinstance(ref, str):
            name = ref.lstrip("@").lower()
            for chat in self.chats.values():
                if chat.type != "private" and (chat.username or "").lower() == name:
                    return chat
            raise bad_request("chat not found")
        found = self.chats.get(ref)
        if found is None:
            raise bad_request("chat not found")
        return found

    def check_thread(self, chat: Chat, thread_id: int) -> None:
        """The errors Telegram gives for a ``message_thread_id``: a topic that does not exist
        (or was deleted), or a closed one (unless the bot is an admin, who may still post)."""
        topic = chat.topics.get(thread_id) if chat.is_forum else None
        if topic is None or topic.deleted:
            raise bad_request("message thread not found")
        if topic.closed and not self.bot_is_admin(chat):
            raise bad_request("TOPIC_CLOSED")

    def check_can_send(self, chat: Chat) -> None:
        """The errors Telegram gives when the bot may not post into ``chat``."""
        if chat.migrated_to is not None:
            raise chat_migrated(chat.migrated_to)
        if chat.type == "private":
            assert chat.user is not None
            if chat.user.is_bot:
                raise forbidden("bot can't send messages to bots")
            if chat.user.blocked_bot:
                raise forbidden("bot was blocked by the user")
            if not chat.user.started:
                raise forbidden("bot can't initiate conversation with a user")
            return
        noun = {"group": "group chat", "supergroup": "supergroup chat", "channel": "channel chat"}[
            chat.type
        ]
        if chat.bot_status == "kicked":
            raise forbidden(f"bot was kicked from the {noun}")
        if chat.bot_status == "left":
            raise forbidden(f"bot is not a member of the {noun}")
        if chat.type == "channel" and not self.bot_is_admin(chat):
            raise bad_request("need administrator rights in the channel chat")

    # -- updates ------------------------------------------------------------------------
    def push_update(self, kind: str, payload: JSON) -> JSON | None:
        if kind not in self.allowed_updates:
            return None  # (with a webhook set, updates wait for bot/sandbox/webhook.py)
        update = {"update_id": self.next_update_id, kind: payload}
        self.next_update_id += 1
        self.updates.append(update)
        self._changed()
        return update

    def confirm_updates(self, offset: int) -> None:
        """``getUpdates(offset=N)``: updates with an id below N are forgotten."""
        before = len(self.updates)
        self.updates = [u for u in self.updates if u["update_id"] >= offset]
        if len(self.updates) != before:
            self._changed()  # wakes wait_until_delivered()

    def pending_updates(self, offset: int | None, limit: int) -> list[JSON]:
        if offset is not None and offset < 0:
            return self.updates[offset:][:limit]
        return self.updates[:limit]

    # -- events -------------------------------------------------------------------------
    def record_event(
        self, kind: str, chat_id: int | None, message: JSON | None = None, data: JSON | None = None
    ) -> SandboxEvent:
        self.seq += 1
        event = SandboxEvent(self.seq, kind, chat_id, message, data)
        self.events.append(event)
        for listener in list(self.event_listeners):
            listener(event)
        self._changed()
        return event

    # -- messages -----------------------------------------------------------------------
    def get_message(self, chat_id: int, message_id: int) -> StoredMessage | None:
        stored = self.messages.get((chat_id, message_id))
        if stored is None or stored.deleted:
            return None
        return stored

    def store_message(self, chat: Chat, content: JSON, *, from_bot: bool) -> StoredMessage:
        message_id = chat.allocate_message_id()
        data: JSON = {"message_id": message_id}
        if from_bot:
            data["from"] = self.bot_api_user()
        data["chat"] = chat.to_api()
        data["date"] = self.now()
        data.update(content)
        stored = StoredMessage(data=data, from_bot=from_bot, seq=self.seq)
        self.messages[(chat.id, message_id)] = stored
        return stored

    def reply_payload(self, chat: Chat, message_id: int) -> JSON | None:
        stored = self.get_message(chat.id, message_id)
        if stored is None:
            return None
        data = copy.deepcopy(stored.data)
        data.pop("reply_to_message", None)
        return data

    def bot_api_user(self) -> JSON:
        return self.bot.to_api()

    def add_bot_message(self, chat: Chat, content: JSON, keyboard: JSON | None = None) -> JSON:
        stored = self.store_message(chat, content, from_bot=True)
        stored.keyboard = keyboard
        event = self.record_event("message", chat.id, stored.snapshot())
        stored.seq = event.seq
        return copy.deepcopy(stored.data)

    def edited(self, stored: StoredMessage) -> JSON:
        stored.data["edit_date"] = self.now()
        self.record_event("edited", stored.chat_id, stored.snapshot())
        return copy.deepcopy(stored.data)

    def delete(self, stored: StoredMessage) -> None:
        stored.deleted = True
        if stored.from_bot:
            self.record_event("deleted", stored.chat_id, stored.snapshot())

    def bot_messages(
        self, chat_id: int | None = None, *, include_deleted: bool = False
    ) -> list[StoredMessage]:
        return [
            m
            for m in self.messages.values()
            if m.from_bot
            and (chat_id is None or m.chat_id == chat_id)
            and (include_deleted or not m.deleted)
        ]

    # -- polls ------------------------------------------------------------------------
    def close_poll(self, state: PollState) -> None:
        """Close a poll: the message shows it closed and its sender gets a ``poll`` update."""
        state.data["is_closed"] = True
        stored = self.get_message(state.chat_id, state.message_id)
        if stored is not None:
            self.record_event("edited", stored.chat_id, stored.snapshot())
        if state.sent_by_bot:
            self.push_update("poll", copy.deepcopy(state.data))

    def expire_polls(self) -> None:
        """Close the polls whose ``close_date`` (or ``open_period``) has passed.

        Checked lazily, at every request and test-API action, so an injected clock that
        moves forward closes them deterministically."""
        now = self.now()
        for state in self.polls.values():
            close_date = state.data.get("close_date")
            if close_date and not state.data["is_closed"] and close_date <= now:
                self.close_poll(state)

    # -- files --------------------------------------------------------------------------
    def store_file(
        self,
        kind: str,
        *,
        data: bytes | None = None,
        url: str | None = None,
        file_name: str | None = None,
        mime_type: str | None = None,
        width: int = 0,
        height: int = 0,
    ) -> StoredFile:
        number = self.next_id()
        prefix = {"photo": "AgACAgQAAxkBAAI", "document": "BQACAgQAAxkBAAI"}.get(kind, "CAACAgQA")
        file_id = f"{prefix}{number:08d}sandbox"
        unique = f"AQAD{number:08d}"
        path = None
        if data is not None:
            extension = ""
            if file_name and "." in file_name:
                extension = "." + file_name.rsplit(".", 1)[1]
            elif mime_type:
                extension = mimetypes.guess_extension(mime_type) or ""
            folder = "photos" if kind == "photo" else "documents"
            path = f"{folder}/file_{number}{extension}"
        stored = StoredFile(
            file_id=file_id,
            file_unique_id=unique,
            kind=kind,
            data=data,
            url=url,
            file_name=file_name,
            mime_type=mime_type,
            file_path=path,
            width=width,
            height=height,
        )
        self.files[file_id] = stored
        if path:
            self.files_by_path[path] = stored
        return stored

    def file(self, file_id: str) -> StoredFile:
        stored = self.files.get(file_id)
        if stored is None:
            raise bad_request("invalid file_id")
        return stored


def require(condition: bool, error: ApiError) -> None:
    if not condition:
        raise error
