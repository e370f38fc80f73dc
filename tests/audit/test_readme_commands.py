"""Every command the README lists, French and English names, in private and in a group with
``@botname``: each gets an answer of its own (never the unknown-command pointer, never an
error), even without its arguments."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.context import CoopApplication
from bot.sandbox import Sandbox
from tests.conftest import COORDINATOR, GROUP

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")


def readme_commands() -> list[str]:
    """The commands of the first two columns of the README's command tables."""
    section = README.split("<!-- section:commands -->")[1].split("<!-- /section:commands -->")[0]
    found: set[str] = set()
    for line in section.splitlines():
        if line.startswith("| `/"):
            for cell in line.split(" | ")[:2]:
                match = re.match(r"\|? ?`(/[a-z_]+)", cell.strip())
                if match:
                    found.add(match[1])
    return sorted(found)


UNKNOWN = ("Je ne connais pas la commande", "I don't know the command")


def test_the_readme_lists_french_and_english_names() -> None:
    commands = readme_commands()
    assert len(commands) > 60
    assert {"/aide", "/help", "/sondage", "/poll", "/evenement", "/event"} <= set(commands)


@pytest.mark.parametrize("in_group", [False, True], ids=["private", "group"])
async def test_every_readme_command_is_known(
    app: CoopApplication, sandbox: Sandbox, in_group: bool
) -> None:
    where = COORDINATOR
    for index, command in enumerate(readme_commands()):
        if in_group and index % 5 == 0:  # Telegram lets a bot post 20 messages a minute per group
            where = GROUP - 100 - index
            sandbox.add_group(where, f"Groupe {index}", members=[COORDINATOR])
        typed = f"{command}@{sandbox.bot_username}" if in_group else command
        mark = sandbox.mark()
        await sandbox.send_text(COORDINATOR, typed, chat_id=where if in_group else None)
        if not (in_group and command in ("/reponses", "/rsvp")):  # these answer in private
            reply = await sandbox.wait_for_message(where, after=mark, include_edits=True)
            shown = reply.get("text") or reply.get("caption") or ""
            assert not shown.startswith(UNKNOWN), typed
        # Leave any conversation the command started.
        await sandbox.send_text(COORDINATOR, "/annuler", chat_id=where if in_group else None)
        await sandbox.wait_for_message(where, predicate=lambda m: "text" in m)
    assert not [c for c in sandbox.calls() if not c.ok and c.method != "getUpdates"]
