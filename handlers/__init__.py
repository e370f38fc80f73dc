"""Telegram-facing layer. :func:`register` adds every handler, in one commented order.

PTB tries the handlers of a group in order and stops at the first that matches; groups run
from the lowest number. Order below:

* group -4: a self-assessment question stops waiting for text when the person goes elsewhere;
* group -3: guided flows left for 48 hours expire, and the person is told (handlers/flows.py);
* group -2: updates nobody acts on (edited messages, channel posts);
* group -1: bookkeeping that must see every update and never answers (roster, group records);
* group 0: conversations first (they must catch their own replies), then commands, then the
  button presses, then free text, and last the answer to unknown commands.
"""

from __future__ import annotations

from telegram import Update
from telegram.ext import (
    CallbackQueryHandler,
    ChatMemberHandler,
    CommandHandler,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot.context import CoopApplication
from bot.render.buttons import unreadable
from handlers import (
    broadcast,
    common,
    errors,
    events,
    exchange,
    flows,
    forms,
    groups,
    help,
    members,
    menus,
    pager,
    polls,
    questions,
    report,
    start,
)


def register(application: CoopApplication) -> None:
    # The guided flows (conversations kept in SQLite), added to group 0 below, each in its place.
    announcing, polling, scheduling = (
        broadcast.conversation(),
        polls.conversation(),
        events.conversation(),
    )
    # The partnership exchange's guided /offre and a refusal's reason (handlers/exchange/).
    offering, refusing = exchange.conversation(), exchange.refusal()

    # -- group -4: someone at a self-assessment question who goes elsewhere (another command,
    # button or guided flow) is no longer waited for; never answers (handlers/forms/pausing.py).
    application.add_handler(forms.elsewhere_guard(application), group=-4)

    # -- group -3: a guided flow left for 48 hours expires before anything else sees the update:
    # the person is told once, and what they typed for the gone step is not read as a question.
    application.add_handler(
        flows.expiry_guard([announcing, polling, scheduling, offering, refusing]), group=-3
    )

    # -- group -2: updates nobody acts on. An edited message is not a new message (an edited
    # "/sondage ..." must not send a second poll), and the bot has nothing to say in channels
    # (channel posts have no author to answer). ---------------------------------------------
    application.add_handler(
        MessageHandler(filters.UpdateType.EDITED | filters.UpdateType.CHANNEL_POSTS, common.ignore),
        group=-2,
    )

    # -- group -1: group records (handlers/groups.py): supergroup migrations, and who speaks,
    # joins or leaves in linked groups (batched). Never answers. ---------------------------
    application.add_handler(MessageHandler(filters.ChatType.GROUPS, groups.bookkeeping), group=-1)

    # -- group 0, first: poll answers and totals (handlers/polls/answers.py), the hot path: no other
    # handler wants these updates, so they are not tried against every command first -------
    for handler in polls.update_handlers():
        application.add_handler(handler)

    # -- group 0: announcements: the /annonce conversation first (it catches the coordinator's
    # content and time), then /annonces and the report buttons (handlers/broadcast/) ----------
    application.add_handler(announcing)
    for handler in broadcast.handlers():
        application.add_handler(handler)
    # -- group 0: polls: the /sondage conversation (guided; /sondage with text is one line) --
    application.add_handler(polling)

    # -- group 0: events (handlers/events/): the /evenement conversation first, then
    # /agenda, /prochain, /rsvp and the buttons (rsvp:, ev:, evc:) ---------------------------
    application.add_handler(scheduling)
    for handler in events.handlers():
        application.add_handler(handler)

    # -- group 0: the partnership exchange (handlers/exchange/, issue 18): the /offre
    # conversation and the refusal's reason first (they catch their own replies), then
    # /bourse (/exchange) and the xo: buttons ----------------------------------------------
    application.add_handler(offering)
    application.add_handler(refusing)
    for handler in exchange.handlers():
        application.add_handler(handler)

    # -- group 0: commands -------------------------------------------------------------------
    application.add_handler(CommandHandler(["help", "aide"], help.help_command))
    # Members (handlers/start.py, members/, groups.py): onboarding, profile, directory,
    # roles, group channels, personal data. Coordinator-only ones are guarded in access.py.
    application.add_handler(CommandHandler("start", start.start_command))
    application.add_handler(CommandHandler(["me", "moi"], members.me_command))
    application.add_handler(CommandHandler(["language", "langue"], members.language_command))
    application.add_handler(CommandHandler(["timezone", "fuseau"], members.timezone_command))
    application.add_handler(
        CommandHandler(["focalpoints", "pointsfocaux"], members.focalpoints_command)
    )
    application.add_handler(CommandHandler(["whois", "quiest"], members.whois_command))
    application.add_handler(CommandHandler(["missing", "manquants"], members.missing_command))
    application.add_handler(
        CommandHandler(["unregistered", "noninscrits"], members.unregistered_command)
    )
    application.add_handler(CommandHandler(["promote", "promouvoir"], members.promote_command))
    application.add_handler(CommandHandler(["demote", "retrograder"], members.demote_command))
    application.add_handler(CommandHandler(["mydata", "mesdonnees"], members.mydata_command))
    application.add_handler(CommandHandler(["forget", "oubli"], members.forget_command))
    application.add_handler(CommandHandler(["linkgroup", "liergroupe"], groups.linkgroup_command))
    application.add_handler(CommandHandler(["unlinkgroup", "delier"], groups.unlinkgroup_command))
    application.add_handler(
        ChatMemberHandler(groups.my_chat_member, ChatMemberHandler.MY_CHAT_MEMBER)
    )
    # Questions about the projects (handlers/questions.py).
    application.add_handler(CommandHandler(["ask", "question"], questions.ask))
    application.add_handler(CommandHandler(["projects", "projets"], questions.projects))
    application.add_handler(CommandHandler(["project", "projet"], questions.project))
    application.add_handler(CommandHandler(["members", "membres"], questions.members))
    application.add_handler(CommandHandler("actions", questions.actions))
    application.add_handler(CommandHandler(["reload", "recharger"], questions.reload_data))
    # Self-assessments (handlers/forms/): /autodiagnostic, /suivi, and /relancer autodiagnostic
    # ID, which must come before the polls' /relancer N.
    for handler in forms.nudge_handlers() + forms.command_handlers():
        application.add_handler(handler)
    # Polls: /resultats, /fermersondage, /relancer, /sondages, /avis (handlers/polls/commands.py).
    for handler in polls.command_handlers():
        application.add_handler(handler)
    # Activity report for the funder (handlers/report.py): coordinators, sent in private.
    application.add_handler(CommandHandler(["report", "rapport"], report.report_command))

    # -- group 0: buttons ---------------------------------------------------------------------
    # Members: onboarding and /me (ob:), focal point claims (fp:), group link (grp:link:),
    # /forget confirmation (priv:forget:).
    application.add_handler(CallbackQueryHandler(start.onboarding_button, pattern=r"^ob:"))
    application.add_handler(CallbackQueryHandler(members.claim_button, pattern=r"^fp:"))
    application.add_handler(CallbackQueryHandler(groups.link_button, pattern=r"^grp:link:"))
    application.add_handler(
        CallbackQueryHandler(members.forget_button, pattern=r"^priv:forget:(yes|no)$")
    )
    # Polls: the CSV export button (handlers/polls/buttons.py).
    for handler in polls.button_handlers():
        application.add_handler(handler)
    # Self-assessments: answers (fma:, fmt:, fmq:), summary and sending (fm:), and the
    # coordinators' results and exports under /suivi (handlers/forms/).
    for handler in forms.button_handlers():
        application.add_handler(handler)
    # Pages of long lists, edited in place, and "detail" buttons under summaries
    # (handlers/pager.py).
    application.add_handler(CallbackQueryHandler(pager.on_page, pattern=pager.pattern))
    # Data of one of our button families that no kind reads (forged, or from an older
    # version): answered, nothing done. After every button above (codec: bot/render/buttons.py).
    application.add_handler(CallbackQueryHandler(common.unreadable_button, pattern=unreadable))

    # -- group 0: replies to the bot's feedback prompts (before free text) ------------------
    for handler in polls.reply_handlers(application):
        application.add_handler(handler)
    # -- group 0: the typed answer of someone at a self-assessment question (before free text;
    # where they are is kept in SQLite, handlers/forms/filling.py) ---------------------------
    for handler in forms.reply_handlers(application):
        application.add_handler(handler)

    # -- group 0, near last: free text is a question (private; groups only when addressed) ---
    application.add_handler(
        MessageHandler(
            filters.TEXT & ~filters.COMMAND & filters.UpdateType.MESSAGE, questions.free_text
        )
    )

    # -- group 0: anything but text in private (stickers, voice, photos outside /annonce):
    # questions are read as text --------------------------------------------------------------
    application.add_handler(
        MessageHandler(
            filters.ChatType.PRIVATE
            & filters.UpdateType.MESSAGE
            & ~filters.TEXT
            & ~filters.StatusUpdate.ALL,
            questions.not_text,
        )
    )

    # -- group 0: /annuler (/cancel) when no conversation is under way (the conversations above
    # catch it while they run) ----------------------------------------------------------------
    application.add_handler(CommandHandler(["annuler", "cancel"], help.nothing_to_cancel))

    # -- group 0, last: any other command gets a pointer to /help ----------------------------
    application.add_handler(MessageHandler(filters.COMMAND, help.unknown_command))

    # -- group 1, after the command ran: the person's command menu follows their role and
    # language (a coordinators' menu in a coordinator's private chat; handlers/menus.py) ------
    application.add_handler(TypeHandler(Update, menus.refresh), group=1)

    application.add_error_handler(errors.on_error)
