"""The README's own examples, taken from the README itself and run as written: they must keep
working (and dated examples must not be in the past)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.broadcast import parse_when as parse_broadcast_time
from bot.context import CoopApplication
from bot.dates import DateError, parse_when
from bot.poll_input import parse_closing
from bot.sandbox import Sandbox
from bot.timezones import zone
from tests.conftest import COORDINATOR, GROUP, NOW

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")


def text_blocks() -> list[str]:
    return [
        line
        for block in re.findall(r"```text\n(.*?)```", README, re.S)
        for line in block.splitlines()
        if line.strip()
    ]


def date_forms() -> list[str]:
    paragraph = README.split("**Dates** are read in your time zone")[1].split("Numeric dates")[0]
    return [" ".join(form.split()) for form in re.findall(r"`([^`]+)`", paragraph, re.S)]


def test_the_date_forms_of_the_readme_are_understood() -> None:
    forms = date_forms()
    assert len(forms) >= 15 and "12/03/2027 14h30" in forms
    for form in forms:
        parse_when(form, NOW, zone("Europe/Paris"))  # raises DateError if not understood


def test_the_closing_times_and_scheduling_times_of_the_readme_are_understood() -> None:
    paris = zone("Europe/Paris")
    closing = README.split("`close=WHEN`")[1].split("time zone:")[1].split("or a delay")[0]
    forms = re.findall(r"`([^`]+)`", closing)
    assert forms == ["2027-12-01 18:00", "demain 18h", "jeudi 9h"]
    for form in forms:
        assert parse_closing(form, NOW, paris) > NOW
    scheduling = README.split("**Scheduling.**")[1].split("; a time alone")[0]
    forms = [
        " ".join(f.split()) for f in re.findall(r"`([^`]+)`", scheduling.split("reminders)):")[1])
    ]
    assert len(forms) == 8 and "01/12/2027 9h" in forms
    for form in forms:
        when = parse_broadcast_time(form, paris, NOW)
        assert when is not None and when > NOW, form


def test_the_readme_example_of_a_time_that_does_not_exist_is_refused() -> None:
    example = re.search(r"spring clock change, e\.g\. `([^`]+)` in Paris", README)
    assert example is not None
    with pytest.raises(DateError) as refused:
        parse_when(example[1], NOW, zone("Europe/Paris"))
    assert refused.value.reason == "nonexistent"


@pytest.mark.parametrize("line", [line for line in text_blocks() if line.startswith("/")])
async def test_the_one_line_examples_work_as_written(
    app: CoopApplication, sandbox: Sandbox, line: str
) -> None:
    await sandbox.send_text(COORDINATOR, "/liergroupe terress", chat_id=GROUP)
    await sandbox.wait_for_message(GROUP)
    await sandbox.send_text(COORDINATOR, line)
    reply = await sandbox.wait_for_message(COORDINATOR)
    if line.startswith(("/evenement", "/event")):
        assert reply["text"].startswith(("Vérifiez avant d'enregistrer", "Check before saving"))
    else:  # previewed before it is sent (issue 15)
        assert reply["text"].startswith(("📊 Sondage à envoyer", "📊 Poll to send")), reply["text"]


async def test_the_time_zone_examples_of_the_readme_work(
    app: CoopApplication, sandbox: Sandbox
) -> None:
    row = next(line for line in README.splitlines() if line.startswith("| `/fuseau LIEU`"))
    places = re.findall(r"`([^`]+)`", row.split("offset:")[1].split("(no argument")[0])
    assert places == ["Dakar", "Cameroun", "Madagascar", "UTC+3", "+1", "Europe/Paris"]
    for place in places:
        await sandbox.send_text(COORDINATOR, f"/fuseau {place}")
        reply = await sandbox.wait_for_message(COORDINATOR)
        if place == "+1":  # in winter, Porto-Novo or Paris (summer time): which place?
            assert "Avec heure d'été : Paris" in reply["text"], reply["text"]
            continue
        assert reply["text"].startswith("Fuseau horaire enregistré"), place
