"""Bad names are said, not ignored (audit item 9): /actions of an unknown project, a country
nobody knows after a project in /membres and /pointsfocaux."""

from __future__ import annotations

from bot.context import CoopApplication
from bot.sandbox import Sandbox
from tests.conftest import ALICE


async def ask(sandbox: Sandbox, line: str) -> str:
    after = sandbox.mark()
    await sandbox.send_text(ALICE, line)
    reply = await sandbox.wait_for_message(ALICE, after=after)
    return str(reply["text"])


async def test_actions_of_an_unknown_project(app: CoopApplication, sandbox: Sandbox) -> None:
    text = await ask(sandbox, "/actions xyz")
    assert "Je ne connais pas le projet « xyz »" in text and "COOP'R" in text
    typo = await ask(sandbox, "/actions teress")
    assert "Terr'ESS — actions" in typo  # a near miss is understood
    known = await ask(sandbox, "/actions terress")
    assert "Je ne connais pas" not in known


async def test_members_with_an_unknown_country(app: CoopApplication, sandbox: Sandbox) -> None:
    text = await ask(sandbox, "/membres terress atlantide")
    assert "Je ne connais pas le pays « atlantide »" in text
    either = await ask(sandbox, "/membres atlantide terress")
    assert "Je ne connais pas le pays « atlantide »" in either
    known = await ask(sandbox, "/membres terress sénégal")
    assert "Je ne connais pas" not in known and "Sénégal" in known


async def test_focal_points_with_an_unknown_country(app: CoopApplication, sandbox: Sandbox) -> None:
    text = await ask(sandbox, "/pointsfocaux terress atlantide")
    assert "Je ne connais pas le pays « atlantide »" in text
    known = await ask(sandbox, "/pointsfocaux terress")
    assert "Je ne connais pas" not in known
