"""Formatted text the way Telegram handles it.

* ``parse_mode`` parsing: HTML, MarkdownV2 and legacy Markdown are turned into plain text
  plus ``MessageEntity`` dicts, exactly what Telegram returns in ``Message.text`` /
  ``Message.entities``. Invalid markup raises ``400 Bad Request: can't parse entities: ...``
  with Telegram's wording and a UTF-8 *byte offset*.
* Entity offsets and lengths are counted in UTF-16 code units, as in the Bot API.
* Leading and trailing whitespace of a text/caption is trimmed (entities are shifted and
  clipped accordingly), like Telegram does.
* Automatic entities: in the text of any message Telegram detects ``bot_command``
  (``/start``, ``/help@some_bot``), ``mention`` (``@username``), ``hashtag``, ``cashtag``,
  ``url`` and ``email`` entities; :func:`detect_entities` does the same.

HTML follows https://core.telegram.org/bots/api#html-style: only ``b strong i em u ins s
strike del span(class="tg-spoiler") tg-spoiler a(href) code pre blockquote tg-emoji`` are
accepted; ``&lt; &gt; &amp; &quot;`` and numeric character references are the only
entities. The emulator is deliberately a little *stricter* than Telegram in one place: a
bare ``&`` that does not start a valid entity is rejected (real Telegram keeps it
verbatim), so that unescaped user content is caught in tests.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from .errors import ApiError, bad_request

Entity = dict[str, Any]


def utf16_len(text: str) -> int:
    """Length of ``text`` in UTF-16 code units (how the Bot API counts offsets)."""
    return len(text.encode("utf-16-le")) // 2


def utf16_slice(text: str, offset: int, length: int) -> str:
    """The part of ``text`` covered by an entity (offset/length in UTF-16 units)."""
    raw = text.encode("utf-16-le")
    return raw[2 * offset : 2 * (offset + length)].decode("utf-16-le")


def _parse_error(detail: str) -> ApiError:
    return bad_request(f"can't parse entities: {detail}")


def _byte_offset(text: str, index: int) -> int:
    return len(text[:index].encode("utf-8"))


def _sorted(entities: list[Entity]) -> list[Entity]:
    # Telegram orders entities by offset, enclosing entities before enclosed ones.
    return sorted(entities, key=lambda e: (e["offset"], -e["length"]))


# ---------------------------------------------------------------------------------------
# HTML
# ---------------------------------------------------------------------------------------

_HTML_TAGS = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "span": "spoiler",
    "tg-spoiler": "spoiler",
    "a": "text_link",
    "code": "code",
    "pre": "pre",
    "blockquote": "blockquote",
    "tg-emoji": "custom_emoji",
}
_NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_ENTITY_RE = re.compile(r"&(?:#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|([a-zA-Z]+));")
_NAME_CHARS = re.compile(r"[a-zA-Z0-9-]*")
_ATTR_NAME = re.compile(r"[a-zA-Z0-9_-]*")
_TG_USER = re.compile(r"^tg://user\?id=(\d+)$")


@dataclass
class _Open:
    tag: str
    start: int  # utf-16 offset in the output
    byte_offset: int
    attrs: dict[str, str] = field(default_factory=dict)
    language: str | None = None


def _decode_html_entity(text: str, index: int) -> tuple[str, int] | None:
    match = _ENTITY_RE.match(text, index)
    if not match:
        return None
    dec, hexa, name = match.groups()
    if name is not None:
        if name not in _NAMED_ENTITIES:
            return None
        return _NAMED_ENTITIES[name], match.end()
    code = int(dec) if dec is not None else int(hexa, 16)
    if code == 0 or code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
        return None
    return chr(code), match.end()


def parse_html(text: str, *, known_user: Any = None) -> tuple[str, list[Entity]]:
    """Parse Telegram-flavoured HTML into ``(plain_text, entities)``.

    ``known_user`` (``Callable[[int], dict | None]``) resolves ``tg://user?id=N`` links
    into ``text_mention`` entities; unknown users' links are dropped as Telegram does.
    """
    out: list[str] = []
    pos = 0  # utf-16 position in the output
    stack: list[_Open] = []
    entities: list[Entity] = []
    i, n = 0, len(text)
    while i < n:
        char = text[i]
        if char == "&":
            decoded = _decode_html_entity(text, i)
            if decoded is None:
                raise _parse_error(
                    f"Unsupported HTML entity or unescaped '&' at byte offset "
                    f"{_byte_offset(text, i)}; use &amp;"
                )
            value, i = decoded
            out.append(value)
            pos += utf16_len(value)
            continue
        if char != "<":
            out.append(char)
            pos += utf16_len(char)
            i += 1
            continue
        begin = i
        begin_bytes = _byte_offset(text, begin)
        if i + 1 < n and text[i + 1] == "/":
            match = _NAME_CHARS.match(text, i + 2)
            assert match is not None
            name = match.group().lower()
            j = match.end()
            while j < n and text[j] in " \t\n\r":
                j += 1
            if j >= n or text[j] != ">":
                raise _parse_error(f"Unclosed end tag at byte offset {begin_bytes}")
            if not stack:
                raise _parse_error(f"Unexpected end tag at byte offset {begin_bytes}")
            top = stack[-1]
            if name != top.tag:
                raise _parse_error(
                    f'Unmatched end tag at byte offset {begin_bytes}, expected "</{top.tag}>", '
                    f'found "</{name}>"'
                )
            stack.pop()
            _close_html(top, pos, stack, entities, known_user)
            i = j + 1
            continue
        match = _NAME_CHARS.match(text, i + 1)
        assert match is not None
        name = match.group().lower()
        if name not in _HTML_TAGS:
            raise _parse_error(f'Unsupported start tag "{name}" at byte offset {begin_bytes}')
        j = match.end()
        attrs: dict[str, str] = {}
        while True:
            while j < n and text[j] in " \t\n\r":
                j += 1
            if j >= n:
                raise _parse_error(f"Unclosed start tag at byte offset {begin_bytes}")
            if text[j] == ">":
                j += 1
                break
            amatch = _ATTR_NAME.match(text, j)
            assert amatch is not None
            attr = amatch.group().lower()
            if not attr:
                raise _parse_error(
                    f'Empty attribute name in the tag "{name}" at byte offset {begin_bytes}'
                )
            j = amatch.end()
            while j < n and text[j] in " \t\n\r":
                j += 1
            value = ""
            if j < n and text[j] == "=":
                j += 1
                while j < n and text[j] in " \t\n\r":
                    j += 1
                if j >= n:
                    raise _parse_error(f"Unclosed start tag at byte offset {begin_bytes}")
                if text[j] in "\"'":
                    quote = text[j]
                    end = text.find(quote, j + 1)
                    if end < 0:
                        raise _parse_error(
                            f'Unclosed end of attribute value in the tag "{name}" at byte '
                            f"offset {begin_bytes}"
                        )
                    raw_value = text[j + 1 : end]
                    j = end + 1
                else:
                    vmatch = re.compile(r"[^\s>]*").match(text, j)
                    assert vmatch is not None
                    raw_value = vmatch.group()
                    j = vmatch.end()
                value = _unescape_attr(raw_value)
            attrs[attr] = value
        if name == "span" and attrs.get("class") != "tg-spoiler":
            raise _parse_error(
                f'Tag "span" must have class "tg-spoiler" at byte offset {begin_bytes}'
            )
        if name == "tg-emoji" and not attrs.get("emoji-id", "").isdigit():
            raise _parse_error(
                f'Tag "tg-emoji" must have attribute "emoji-id" at byte offset {begin_bytes}'
            )
        stack.append(_Open(tag=name, start=pos, byte_offset=begin_bytes, attrs=attrs))
        i = j
    if stack:
        raise _parse_error(f'Can\'t find end tag corresponding to start tag "{stack[-1].tag}"')
    return "".join(out), _sorted(entities)


def _unescape_attr(raw: str) -> str:
    def repl(match: re.Match[str]) -> str:
        decoded = _decode_html_entity(match.string, match.start())
        return decoded[0] if decoded else match.group()

    return _ENTITY_RE.sub(repl, raw)


def _close_html(
    tag: _Open, pos: int, stack: list[_Open], entities: list[Entity], known_user: Any
) -> None:
    length = pos - tag.start
    kind = _HTML_TAGS[tag.tag]
    if tag.tag == "code" and stack and stack[-1].tag == "pre" and tag.start == stack[-1].start:
        # <pre><code class="language-x">: one pre entity carrying the language
        css = tag.attrs.get("class", "")
        if css.startswith("language-"):
            stack[-1].language = css[len("language-") :]
        return
    if length <= 0:
        return
    entity: Entity = {"type": kind, "offset": tag.start, "length": length}
    if kind == "text_link":
        href = tag.attrs.get("href", "")
        user_match = _TG_USER.match(href)
        if user_match:
            user = known_user(int(user_match.group(1))) if known_user else None
            if user is None:
                return
            entity = {"type": "text_mention", "offset": tag.start, "length": length, "user": user}
        elif not href:
            return
        else:
            entity["url"] = href
    elif kind == "pre" and tag.language:
        entity["language"] = tag.language
    elif kind == "blockquote" and "expandable" in tag.attrs:
        entity["type"] = "expandable_blockquote"
    elif kind == "custom_emoji":
        entity["custom_emoji_id"] = tag.attrs["emoji-id"]
    entities.append(entity)


# ---------------------------------------------------------------------------------------
# MarkdownV2
# ---------------------------------------------------------------------------------------

_MDV2_RESERVED = set("_*[]()~`>#+-=|{}.!")
_MDV2_NAMES = {
    "bold": "Bold",
    "italic": "Italic",
    "underline": "Underline",
    "strikethrough": "Strikethrough",
    "spoiler": "Spoiler",
    "code": "Code",
    "pre": "Pre",
    "text_link": "TextUrl",
    "custom_emoji": "CustomEmoji",
}
_MDV2_MARKERS = {
    "*": "bold",
    "_": "italic",
    "__": "underline",
    "~": "strikethrough",
    "||": "spoiler",
}


@dataclass
class _MdOpen:
    kind: str
    marker: str
    start: int
    byte_offset: int


def parse_markdown_v2(text: str) -> tuple[str, list[Entity]]:
    """Parse MarkdownV2 (https://core.telegram.org/bots/api#markdownv2-style)."""
    out: list[str] = []
    pos = 0
    entities: list[Entity] = []
    stack: list[_MdOpen] = []
    i, n = 0, len(text)

    def emit(s: str) -> None:
        nonlocal pos
        out.append(s)
        pos += utf16_len(s)

    def reserved(index: int) -> ApiError:
        return _parse_error(
            f"Character '{text[index]}' is reserved and must be escaped with the preceding '\\'"
        )

    while i < n:
        char = text[i]
        if char == "\\" and i + 1 < n and 0 < ord(text[i + 1]) <= 126:
            emit(text[i + 1])
            i += 2
            continue
        if char == "`":
            start_bytes = _byte_offset(text, i)
            is_pre = text.startswith("```", i)
            j = i + (3 if is_pre else 1)
            language = None
            if is_pre:
                newline = text.find("\n", j)
                first_line = text[j:newline] if newline >= 0 else ""
                if newline >= 0 and re.fullmatch(r"[\w+#.-]*", first_line):
                    language = first_line or None
                    j = newline + 1
            content: list[str] = []
            closed = False
            while j < n:
                if text[j] == "\\" and j + 1 < n and text[j + 1] in "`\\":
                    content.append(text[j + 1])
                    j += 2
                    continue
                if text[j] == "`":
                    if is_pre and not text.startswith("```", j):
                        raise _parse_error(
                            "Character '`' is reserved and must be escaped with the preceding '\\'"
                        )
                    j += 3 if is_pre else 1
                    closed = True
                    break
                content.append(text[j])
                j += 1
            if not closed:
                name = "Pre" if is_pre else "Code"
                raise _parse_error(f"Can't find end of {name} entity at byte offset {start_bytes}")
            start = pos
            emit("".join(content))
            if pos > start:
                entity: Entity = {
                    "type": "pre" if is_pre else "code",
                    "offset": start,
                    "length": pos - start,
                }
                if language:
                    entity["language"] = language
                entities.append(entity)
            i = j
            continue
        if char not in _MDV2_RESERVED:
            emit(char)
            i += 1
            continue
        # A reserved character: it must open or close an entity.
        marker = None
        for candidate in ("__", "||", "*", "_", "~"):
            if text.startswith(candidate, i):
                marker = candidate
                break
        if marker is not None:
            if stack and stack[-1].marker == marker:
                top = stack.pop()
                if pos > top.start:
                    entities.append(
                        {"type": top.kind, "offset": top.start, "length": pos - top.start}
                    )
            elif any(o.marker == marker for o in stack):
                raise _parse_error(
                    f"Can't find end of {_MDV2_NAMES[stack[-1].kind]} entity at byte offset "
                    f"{stack[-1].byte_offset}"
                )
            else:
                stack.append(_MdOpen(_MDV2_MARKERS[marker], marker, pos, _byte_offset(text, i)))
            i += len(marker)
            continue
        if char == "[" or (char == "!" and text.startswith("![", i)):
            is_emoji = char == "!"
            stack.append(
                _MdOpen(
                    "custom_emoji" if is_emoji else "text_link", "[", pos, _byte_offset(text, i)
                )
            )
            i += 2 if is_emoji else 1
            continue
        if char == "]" and stack and stack[-1].marker == "[":
            top = stack.pop()
            if not text.startswith("(", i + 1):
                raise reserved(i)
            j = i + 2
            url_chars: list[str] = []
            while j < n and text[j] != ")":
                if text[j] == "\\" and j + 1 < n:
                    url_chars.append(text[j + 1])
                    j += 2
                    continue
                url_chars.append(text[j])
                j += 1
            if j >= n:
                raise _parse_error(
                    f"Can't find end of a url at byte offset {_byte_offset(text, i + 1)}"
                )
            url = "".join(url_chars)
            if pos > top.start:
                if top.kind == "custom_emoji":
                    emoji_id = url.partition("id=")[2]
                    entities.append(
                        {
                            "type": "custom_emoji",
                            "offset": top.start,
                            "length": pos - top.start,
                            "custom_emoji_id": emoji_id,
                        }
                    )
                elif url:
                    entities.append(
                        {
                            "type": "text_link",
                            "offset": top.start,
                            "length": pos - top.start,
                            "url": url,
                        }
                    )
            i = j + 1
            continue
        if char == ">" and (i == 0 or text[i - 1] == "\n"):
            end = text.find("\n", i)
            end = n if end < 0 else end
            start = pos
            inner_text, inner_entities = parse_markdown_v2(text[i + 1 : end])
            for ent in inner_entities:
                ent["offset"] += pos
            emit(inner_text)
            entities.extend(inner_entities)
            if not _merge_blockquote(entities, start, pos):
                entities.append({"type": "blockquote", "offset": start, "length": pos - start})
            i = end
            continue
        raise reserved(i)
    if stack:
        top = stack[-1]
        raise _parse_error(
            f"Can't find end of {_MDV2_NAMES[top.kind]} entity at byte offset {top.byte_offset}"
        )
    return "".join(out), _sorted(entities)


def _merge_blockquote(entities: list[Entity], start: int, end: int) -> bool:
    """Consecutive ``>`` lines form one blockquote (the newline between them included)."""
    for entity in entities:
        if entity["type"] == "blockquote" and entity["offset"] + entity["length"] + 1 == start:
            entity["length"] = end - entity["offset"]
            return True
    return False


# ---------------------------------------------------------------------------------------
# Legacy Markdown
# ---------------------------------------------------------------------------------------

_MD_MARKERS = {"*": "bold", "_": "italic"}


def parse_markdown(text: str) -> tuple[str, list[Entity]]:
    """Parse legacy Markdown (``*bold* _italic_ `code` ```pre``` [text](url)``)."""
    out: list[str] = []
    pos = 0
    entities: list[Entity] = []
    i, n = 0, len(text)
    while i < n:
        char = text[i]
        if char == "\\" and i + 1 < n and text[i + 1] in "_*`[":
            out.append(text[i + 1])
            pos += 1
            i += 2
            continue
        if char not in "_*`[":
            out.append(char)
            pos += utf16_len(char)
            i += 1
            continue
        start_bytes = _byte_offset(text, i)
        if char == "[":
            close = text.find("]", i + 1)
            if close < 0 or not text.startswith("(", close + 1) or text.find(")", close) < 0:
                raise _parse_error(
                    f"Can't find end of the entity starting at byte offset {start_bytes}"
                )
            label = text[i + 1 : close]
            url_end = text.find(")", close)
            url = text[close + 2 : url_end]
            start = pos
            out.append(label)
            pos += utf16_len(label)
            if pos > start and url:
                entities.append(
                    {"type": "text_link", "offset": start, "length": pos - start, "url": url}
                )
            i = url_end + 1
            continue
        marker = "```" if text.startswith("```", i) else char
        close = text.find(marker, i + len(marker))
        if close < 0:
            raise _parse_error(
                f"Can't find end of the entity starting at byte offset {start_bytes}"
            )
        inner = text[i + len(marker) : close]
        language = None
        if marker == "```" and "\n" in inner:
            first, rest = inner.split("\n", 1)
            if re.fullmatch(r"[\w+#.-]+", first):
                language, inner = first, rest
        start = pos
        out.append(inner)
        pos += utf16_len(inner)
        if pos > start:
            kind = {"```": "pre", "`": "code"}.get(marker) or _MD_MARKERS[marker]
            entity: Entity = {"type": kind, "offset": start, "length": pos - start}
            if language:
                entity["language"] = language
            entities.append(entity)
        i = close + len(marker)
    return "".join(out), _sorted(entities)


# ---------------------------------------------------------------------------------------
# Automatic entities and the full pipeline
# ---------------------------------------------------------------------------------------

_AUTO_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("email", re.compile(r"(?<![\w.@])[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")),
    (
        "url",
        re.compile(
            r"(?<![\w@/])(?:https?://[^\s<>\"']+|(?:www\.)[^\s<>\"']+"
            r"|(?:[a-zA-Z0-9-]+\.)+(?:com|org|net|fr|eu|io|be|ch|ca|info|gouv\.fr)(?:/[^\s<>\"']*)?)"
            r"(?<![.,;:!?)\]])"
        ),
    ),
    ("bot_command", re.compile(r"(?<![\w/])/[a-zA-Z0-9_]{1,64}(?:@[a-zA-Z0-9_]{3,32})?(?!\w)")),
    ("mention", re.compile(r"(?<![\w@])@[a-zA-Z0-9_]{4,32}(?!\w)")),
    ("hashtag", re.compile(r"(?<![\w#])#\w*[^\W\d]\w*")),
    ("cashtag", re.compile(r"(?<![\w$])\$[A-Z]{1,8}(?![\w])")),
]
_NO_AUTO_INSIDE = {"code", "pre", "text_link", "text_mention", "custom_emoji"}


def detect_entities(text: str, existing: list[Entity] | None = None) -> list[Entity]:
    """Entities Telegram adds by itself (commands, mentions, links...)."""
    existing = existing or []
    blocked = [
        (e["offset"], e["offset"] + e["length"]) for e in existing if e["type"] in _NO_AUTO_INSIDE
    ]
    found: list[Entity] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in _AUTO_PATTERNS:
        for match in pattern.finditer(text):
            start = utf16_len(text[: match.start()])
            end = start + utf16_len(match.group())
            if any(a < end and start < b for a, b in blocked + taken):
                continue
            taken.append((start, end))
            found.append({"type": kind, "offset": start, "length": end - start})
    return _sorted(found)


def trim(text: str, entities: list[Entity]) -> tuple[str, list[Entity]]:
    """Strip leading/trailing whitespace like Telegram, keeping entities aligned."""
    stripped_left = text.lstrip()
    shift = utf16_len(text) - utf16_len(stripped_left)
    result = stripped_left.rstrip()
    total = utf16_len(result)
    out: list[Entity] = []
    for entity in entities:
        start = max(0, entity["offset"] - shift)
        end = min(total, entity["offset"] + entity["length"] - shift)
        if end > start:
            out.append({**entity, "offset": start, "length": end - start})
    return result, out


def format_text(
    text: str,
    parse_mode: str | None,
    entities: list[Entity] | None = None,
    *,
    known_user: Any = None,
) -> tuple[str, list[Entity]]:
    """What Telegram stores for a text or caption sent with ``parse_mode``/``entities``."""
    mode = (parse_mode or "").strip().lower()
    if entities:
        plain, parsed = text, [dict(e) for e in entities]
    elif mode == "html":
        plain, parsed = parse_html(text, known_user=known_user)
    elif mode == "markdownv2":
        plain, parsed = parse_markdown_v2(text)
    elif mode == "markdown":
        plain, parsed = parse_markdown(text)
    elif mode:
        raise bad_request(f"unsupported parse_mode {parse_mode!r}")
    else:
        plain, parsed = text, []
    plain, parsed = trim(plain, parsed)
    return plain, _sorted(parsed + detect_entities(plain, parsed))
