"""Formatting like Telegram: parse_mode parsing, entities in UTF-16, auto-detection."""

from __future__ import annotations

import pytest
import telegram
from telegram.constants import ParseMode

from bot.sandbox import ApiError, Sandbox
from bot.sandbox.markup import (
    detect_entities,
    format_text,
    parse_html,
    parse_markdown,
    parse_markdown_v2,
    utf16_slice,
)

from .support import ALICE


def kinds(entities: list[dict[str, object]]) -> list[tuple[object, ...]]:
    return [(e["type"], e["offset"], e["length"]) for e in entities]


def test_html_tags_become_entities_and_text_is_plain() -> None:
    text, entities = parse_html(
        '<b>Gras <i>et italique</i></b> &lt;3 <a href="https://coop.eu/?a=1&amp;b=2">lien</a>'
    )
    assert text == "Gras et italique <3 lien"
    assert kinds(entities) == [("bold", 0, 16), ("italic", 5, 11), ("text_link", 20, 4)]
    assert entities[2]["url"] == "https://coop.eu/?a=1&b=2"


def test_html_offsets_are_utf16_code_units() -> None:
    text, entities = parse_html("🇫🇷 <b>é🙂x</b>")
    (bold,) = entities
    assert (bold["offset"], bold["length"]) == (5, 4)
    assert utf16_slice(text, bold["offset"], bold["length"]) == "é🙂x"


def test_html_pre_with_language_spoiler_blockquote_and_numeric_entities() -> None:
    text, entities = parse_html(
        '<pre><code class="language-python">x = 1</code></pre>'
        '<span class="tg-spoiler">s</span><blockquote expandable>q</blockquote>&#233;&#x41;'
    )
    assert text == "x = 1sqéA"
    assert entities[0] == {"type": "pre", "offset": 0, "length": 5, "language": "python"}
    assert kinds(entities[1:]) == [("spoiler", 5, 1), ("expandable_blockquote", 6, 1)]
    assert parse_html("<pre><code>plain</code></pre>")[1] == [
        {"type": "pre", "offset": 0, "length": 5}
    ]
    assert kinds(parse_html("<code>a</code><pre>b</pre>")[1]) == [("code", 0, 1), ("pre", 1, 1)]


@pytest.mark.parametrize(
    ("markup", "message"),
    [
        ("<b>gras", 'Can\'t find end tag corresponding to start tag "b"'),
        ("<b><i>x</b></i>", 'Unmatched end tag at byte offset 7, expected "</i>", found "</b>"'),
        ("<div>x</div>", 'Unsupported start tag "div" at byte offset 0'),
        ("é</b>", "Unexpected end tag at byte offset 2"),
        ("a < b", 'Unsupported start tag "" at byte offset 2'),
        ("Tom & Jerry", "unescaped '&' at byte offset 4"),
        ("<span>x</span>", 'Tag "span" must have class "tg-spoiler"'),
        ("<a href='x", "Unclosed end of attribute value"),
    ],
)
def test_invalid_html_is_rejected_like_telegram(markup: str, message: str) -> None:
    with pytest.raises(ApiError) as caught:
        parse_html(markup)
    assert caught.value.error_code == 400
    assert caught.value.description.startswith("Bad Request: can't parse entities: ")
    assert message in caught.value.description


def test_markdown_v2_entities_and_escapes() -> None:
    text, entities = parse_markdown_v2(
        r"*gras* _it_ __sous__ ~barré~ ||spoil|| `co\`de` [lien](https://x.fr/a\)b) 1\.5\!"
    )
    assert text == "gras it sous barré spoil co`de lien 1.5!"
    assert [e["type"] for e in entities] == [
        "bold",
        "italic",
        "underline",
        "strikethrough",
        "spoiler",
        "code",
        "text_link",
    ]
    assert entities[-1]["url"] == "https://x.fr/a)b"


@pytest.mark.parametrize(
    ("markup", "message"),
    [
        ("Fin.", "Character '.' is reserved and must be escaped with the preceding '\\'"),
        ("Vraiment !", "Character '!' is reserved"),
        ("*gras", "Can't find end of Bold entity at byte offset 0"),
        ("`code", "Can't find end of Code entity at byte offset 0"),
    ],
)
def test_markdown_v2_reserved_characters_must_be_escaped(markup: str, message: str) -> None:
    with pytest.raises(ApiError, match="can't parse entities") as caught:
        parse_markdown_v2(markup)
    assert message in caught.value.description


def test_legacy_markdown() -> None:
    text, entities = parse_markdown("*gras* et _it_ [l](https://a.fr) ```py\nx```")
    assert text == "gras et it l x"
    assert kinds(entities) == [
        ("bold", 0, 4),
        ("italic", 8, 2),
        ("text_link", 11, 1),
        ("pre", 13, 1),
    ]
    with pytest.raises(ApiError, match="Can't find end of the entity starting at byte offset 0"):
        parse_markdown("*gras")


def test_automatic_entities() -> None:
    text = "/start@coopbot_test_bot #projet @alice_fr https://coop.eu contact@coop.fr"
    assert [e["type"] for e in detect_entities(text)] == [
        "bot_command",
        "hashtag",
        "mention",
        "url",
        "email",
    ]
    # no automatic entity inside code
    _, entities = format_text("<code>/start</code>", "HTML")
    assert [e["type"] for e in entities] == ["code"]


def test_text_is_trimmed_and_entities_follow() -> None:
    text, entities = format_text("  \n<b>x</b> y  ", "HTML")
    assert text == "x y"
    assert kinds(entities) == [("bold", 0, 1)]


async def test_ptb_sees_html_entities(bot: telegram.Bot, sb: Sandbox) -> None:
    message = await bot.send_message(
        ALICE,
        "<b>Réunion</b> le <i>12/03</i> &amp; <code>/agenda</code>",
        parse_mode=ParseMode.HTML,
    )
    assert message.text == "Réunion le 12/03 & /agenda"
    assert message.parse_entities() == {
        message.entities[0]: "Réunion",
        message.entities[1]: "12/03",
        message.entities[2]: "/agenda",
    }
    assert message.text_html == "<b>Réunion</b> le <i>12/03</i> &amp; <code>/agenda</code>"
    assert sb.sent_messages(ALICE)[0]["entities"][0] == {"type": "bold", "offset": 0, "length": 7}


async def test_ptb_gets_bad_request_for_bad_markup(bot: telegram.Bot, sb: Sandbox) -> None:
    with pytest.raises(
        telegram.error.BadRequest, match=r"(?i)can't parse entities: unsupported start tag"
    ):
        await bot.send_message(ALICE, "<p>Bonjour</p>", parse_mode=ParseMode.HTML)
    with pytest.raises(telegram.error.BadRequest, match=r"(?i)character '.' is reserved"):
        await bot.send_message(ALICE, "Merci.", parse_mode=ParseMode.MARKDOWN_V2)
    assert sb.sent_messages(ALICE) == []
    (call, _) = sb.calls("sendMessage")
    assert call.status == 400 and call.params["parse_mode"] == "HTML"
