"""The demo's findings of issue 16, each as a scripted session: nothing typed ends it, buttons
stay pressable where they were printed, keyboards, toasts and replies work."""

from __future__ import annotations

import pytest

from bot.sandbox import Sandbox
from bot.sandbox.state import SandboxEvent

from .conftest import Demo

EVENT = "/evenement terress | webinaire | Démo relue | jeudi 14h | 90 | https://visio.example.org/x"


async def test_switching_persona_before_pressing_never_crashes(demo: Demo) -> None:
    await demo.said(":coord", r"\] > :coord")
    await demo.said("/evenement", r"→ Claire\n(.*\n)*?  \[1\] .*  \[2\] ")  # the projects
    wizard = demo.number_of(".", "Claire")
    # Was: SandboxError "user 700001 cannot see private chat 700002", the session lost.
    await demo.said(":me", r"\] > :me")
    announcement = demo.number_of("📣", "Awa")  # Awa's own latest buttons: the RSVP
    await demo.said("2", rf"\(#{announcement}: « 🤔 Peut-être »\)")
    await demo.expect(r"  ↳ \S")  # its toast
    found = await demo.said(f"#{wizard} 2", rf"\(#{wizard} is in Claire's private chat: (.*)\)")
    assert found.group(1) == "type :coord first"
    await demo.said(":group", r"\] > :group")
    found = await demo.said(f"#{wizard} 2", rf"\(#{wizard} is in Claire's private chat: (.*)\)")
    assert found.group(1) == "type :coord then :private first"
    await demo.said(":private", r"\] > :private")
    await demo.said(":coord", r"\] > :coord")
    # Still pressable, where it was: the wizard goes on (in place).
    await demo.said(
        f"#{wizard} 2", rf"\(#{wizard}: « .* »\)\n(.*\n)*?── #{wizard} bot \((edited|new buttons)\)"
    )


async def test_a_poll_is_voted_only_where_it_is_seen(demo: Demo) -> None:
    await demo.said(":coord", r"\] > :coord")
    await demo.said(":group", r"\] > :group")
    # shown first, then sent with its first button (Envoyer)
    await demo.said("/sondage terress | Café ou thé ? | Café | Thé", r"Sondage à envoyer")
    await demo.said("1", r"→ group\n📊 .*Café ou thé")
    poll = demo.number_of("Café ou thé", "group")
    await demo.said(":me", r"\] > :me")
    await demo.said(":private", r"\] > :private")
    await demo.said(f"#{poll} 2", rf"\(#{poll} is in the Terr'ESS group: type :group first\)")
    await demo.said(":group", r"\] > :group")
    await demo.said("2", rf"\(#{poll}: « Thé »\)")
    await demo.said(f"#{poll} 7", rf"\(message #{poll} has choices 1 to 2\)")
    await demo.said(f"#{poll} 1", rf"\(#{poll}: « Café »\)")  # a changed vote, or one line why
    await demo.prompt()


async def test_a_reminder_between_preview_and_confirmation(demo: Demo) -> None:
    await demo.said(":coord", r"\] > :coord")
    found = await demo.said(EVENT, r"→ Claire\n(.*\n)*?.*Démo relue(.*\n)*?.*\[(\d+)\] (✅ \w+)")
    preview = demo.number_of("Démo relue", "Claire")
    save, saved = found.group(3), found.group(4)
    # The demo event's reminders arrive (the clock moves), each with RSVP buttons. The event
    # starts 5 to 6 min after the launch (the next whole minute): 4 min later, a reminder
    # before it (2 or 1 min) is always due and its start is not, however long the steps above
    # took (':wait 5' reached the start itself when they took longer than the seconds left to
    # the minute at the launch: then only "it starts now" came, no ⏰).
    await demo.said(":wait 4", r"→ Claire\n⏰.*\n(.*\n)*?  \[1\] ✅ Oui")
    reminder = demo.number_of("⏰", "Claire")
    assert reminder > preview
    # `2` presses the latest message with buttons here, and says which: never silently.
    await demo.said("2", rf"\(#{reminder}: « 🤔 Peut-être »\)")
    # The preview's buttons are still pressable by its number.
    await demo.said(f"#{preview} {save}", rf"\(#{preview}: « {saved} »\)")
    await demo.expect("Démo relue")
    await demo.said("/agenda", "Démo relue")


async def test_a_message_without_buttons_keeps_the_choices(demo: Demo) -> None:
    await demo.said(":coord", r"\] > :coord")
    await demo.said("/resultats", "🖼 photo saved to")  # the chart comes after the results
    results = demo.number_of("Export CSV", "Claire")
    # [1] is who has not answered yet (its own paged list), [2] the CSV
    await demo.said("2", rf"\(#{results}: « ⬇️ Export CSV »\)")
    await demo.expect(r"📎 \S+\.csv saved to \S+\.csv")


async def test_reply_keyboards_are_shown_and_pressing_sends_their_text(demo: Demo) -> None:
    await demo.said(":coord", r"\] > :coord")
    await demo.said("/sondage", r"── #\d+ bot → Claire")  # its question?
    await demo.said("Café ou thé ?", r"── #\d+ bot → Claire")  # its answers?
    await demo.said("Café", r"── #\d+ bot → Claire")
    found = await demo.said("Thé", r"── #(\d+) bot → Claire\n(?:.*\n)*?  ⌨ \[1\] (.*)")
    keyboard, done = int(found.group(1)), found.group(2)  # « ✅ Terminé »
    # Pressing sends the button's text, as in Telegram: the options are done.
    await demo.said("1", rf"\(#{keyboard}: « {done} »\)")
    await demo.expect(r"  ⌨ \[1\] .*\n  ⌨ \[2\] ")  # one answer or several: a new keyboard


async def test_typing_a_reply_keyboard_button_text_is_pressing_it(demo: Demo) -> None:
    await demo.said(":coord", r"\] > :coord")
    await demo.said("/sondage", r"── #\d+ bot → Claire")
    await demo.said("Café ou thé ?", r"── #\d+ bot → Claire")
    await demo.said("Café", r"── #\d+ bot → Claire")
    found = await demo.said("Thé", r"  ⌨ \[1\] (.*)")
    await demo.said(found.group(1), r"  ⌨ \[1\] .*\n  ⌨ \[2\] ")  # not a third answer


async def test_toasts_are_shown(demo: Demo) -> None:
    announcement = demo.number_of("📣", "Awa")
    await demo.said("1", rf"\(#{announcement}: « ✅ Oui »\)\n(.*\n)*?  ↳ \S")
    await demo.expect(r"#\d+ bot \(new buttons\) → Awa\n  \[1\] • ✅ Oui •")


async def test_reply_to_a_message(demo: Demo) -> None:
    await demo.said(":group", r"\] > :group")
    group_message = demo.number_of(r"📣", "group")  # the announcement in the group is the latest
    await demo.said(f":reply {group_message} qui finance terress ?", "67,5")
    await demo.said(":reply 9999 bonjour", r"\(no message #9999 \(bot messages so far: #1 to")
    await demo.said(":reply", r"\(:reply M text sends text as a reply to message #M\)")


async def test_any_failure_is_one_line_and_the_session_goes_on(
    demo: Demo, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def broken(*args: object, **kwargs: object) -> str:
        raise RuntimeError("the emulator is down\nsecond line")

    monkeypatch.setattr(Sandbox, "press_button", broken)
    await demo.said("1", r"\(that did not work: the emulator is down second line\)\n")
    monkeypatch.undo()
    for line in (":nope", "#", "#1", "#0 1", "42", ":wait x", ":show x", "\\:coord"):
        demo.say(line)
        await demo.prompt()
    await demo.said(":help", "Demo commands")
    await demo.said("/aide", r"── #\d+ bot → Awa")


def test_long_messages_are_folded_on_a_terminal_and_edits_of_buttons_stay_short(
    tmp_path: object,
) -> None:
    import io
    from pathlib import Path

    from bot.demo import FOLD_KEEP, PARTICIPANT, Session

    session = Session(
        Sandbox("1:x"), io.StringIO(), Path(str(tmp_path)), color=False, fold_long=True
    )
    body = "\n".join(f"line {n}" for n in range(1, 41))
    message = {
        "message_id": 7,
        "chat": {"id": PARTICIPANT},
        "text": body,
        "reply_markup": {"inline_keyboard": [[{"text": "A", "callback_data": "a"}]]},
    }
    shown = session.render(SandboxEvent(1, "message", PARTICIPANT, message))
    assert shown is not None
    assert shown.splitlines()[0] == "── #1 bot → Awa"
    assert f"line {FOLD_KEEP}" in shown and f"line {FOLD_KEEP + 1}\n" not in shown
    assert f"… {40 - FOLD_KEEP} more lines (:show 1)" in shown
    assert shown.splitlines()[-1] == "  [1] A"
    edited = {
        **message,
        "reply_markup": {"inline_keyboard": [[{"text": "B", "callback_data": "b"}]]},
    }
    again = session.render(SandboxEvent(2, "edited", PARTICIPANT, edited))
    assert again == "── #1 bot (new buttons) → Awa\n  [1] B"
    assert session.render(SandboxEvent(3, "edited", PARTICIPANT, edited)) is None
    session.fold_long = False  # piped: whole
    whole = session.render(SandboxEvent(4, "message", PARTICIPANT, {**message, "message_id": 8}))
    assert whole is not None and "line 40\n" in whole and ":show" not in whole
