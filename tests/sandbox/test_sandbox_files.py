"""Documents and photos: uploads, file_id reuse, URLs, getFile and downloads."""

from __future__ import annotations

import io

import pytest
import telegram
from PIL import Image
from telegram import InputMediaDocument, InputMediaPhoto

from bot.sandbox import Sandbox

from .support import ALICE, BOB


def png(width: int, height: int) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (200, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


async def test_document_upload_and_download(bot: telegram.Bot, sb: Sandbox) -> None:
    content = "nom;région\nAlice;Hauts-de-France\n".encode()
    message = await bot.send_document(
        ALICE, content, filename="membres.csv", caption="<b>Liste</b>", parse_mode="HTML"
    )
    document = message.document
    assert document is not None
    assert (document.file_name, document.mime_type, document.file_size) == (
        "membres.csv",
        "text/csv",
        len(content),
    )
    assert message.caption == "Liste" and message.caption_entities[0].type == "bold"
    assert sb.file_bytes(document.file_id) == content
    file = await bot.get_file(document.file_id)
    assert file.file_path is not None and file.file_path.startswith(sb.file_base_url)
    assert bytes(await file.download_as_bytearray()) == content
    again = await bot.send_document(BOB, document.file_id)
    assert again.document is not None and again.document.file_id == document.file_id
    with pytest.raises(telegram.error.BadRequest, match=r"(?i)wrong file identifier"):
        await bot.send_document(BOB, "not-a-file-id")
    with pytest.raises(telegram.error.BadRequest, match=r"(?i)invalid file_id"):
        await bot.get_file("nope")


async def test_document_by_url_is_stored_as_is(bot: telegram.Bot, sb: Sandbox) -> None:
    message = await bot.send_document(ALICE, "https://coop.example/rapport.pdf")
    assert message.document is not None
    assert message.document.file_name == "rapport.pdf"
    assert message.document.mime_type == "application/pdf"
    assert sb.calls("sendDocument")[0].params["document"] == "https://coop.example/rapport.pdf"


async def test_photo_sizes(bot: telegram.Bot, sb: Sandbox) -> None:
    message = await bot.send_photo(ALICE, png(400, 200), caption="Affiche")
    sizes = message.photo
    assert [(s.width, s.height) for s in sizes] == [(90, 45), (400, 200)]
    assert sb.file_bytes(sizes[-1].file_id) == png(400, 200)
    downloaded = await (await bot.get_file(sizes[0].file_id)).download_as_bytearray()
    with Image.open(io.BytesIO(bytes(downloaded))) as thumbnail:
        assert thumbnail.size == (90, 45)
    with pytest.raises(telegram.error.BadRequest, match=r"(?i)IMAGE_PROCESS_FAILED"):
        await bot.send_photo(ALICE, b"not an image")


async def test_media_group(bot: telegram.Bot, sb: Sandbox) -> None:
    messages = await bot.send_media_group(
        ALICE,
        [
            InputMediaPhoto(png(100, 100), caption="un"),
            InputMediaDocument(b"deux", filename="deux.txt"),
        ],
    )
    assert len(messages) == 2
    assert messages[0].media_group_id == messages[1].media_group_id is not None
    assert messages[0].caption == "un"
    assert messages[1].document is not None
    assert sb.file_bytes(messages[1].document.file_id) == b"deux"


async def test_user_files_reach_the_bot(bot: telegram.Bot, sb: Sandbox) -> None:
    await sb.send_document(ALICE, "budget.xlsx", b"PK\x03\x04data", caption="Budget 2026")
    await sb.send_photo(ALICE, png(1280, 720))
    doc_update, photo_update = await bot.get_updates()
    assert doc_update.message is not None and doc_update.message.document is not None
    assert doc_update.message.caption == "Budget 2026"
    assert doc_update.message.document.mime_type == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    data = await (await doc_update.message.document.get_file()).download_as_bytearray()
    assert bytes(data) == b"PK\x03\x04data"
    assert photo_update.message is not None
    assert photo_update.message.photo[-1].width == 1280
