"""Members: /me, /language, /timezone, the directory (/focalpoints, /whois), and the
coordinators' /missing, /promote, /demote, /unregistered and focal point confirmations;
/mydata and /forget.

* ``profile.py``: /me, /language, /timezone (a person's, or a group's);
* ``directory.py``: /focalpoints, /whois, /missing (paged), /unregistered;
* ``roles.py``: focal point claims and their buttons, /promote, /demote;
* ``privacy.py``: /mydata, /forget;
* ``helpers.py``: what they share (``suggestions``, ``project_list`` and ``project_named``
  are used by handlers/groups.py too).
"""

from __future__ import annotations

from handlers.members.directory import (
    focalpoints_command,
    missing_command,
    unregistered_command,
    whois_command,
)
from handlers.members.helpers import project_list, project_named, suggestions
from handlers.members.privacy import forget_button, forget_command, mydata_command
from handlers.members.profile import language_command, me_command, timezone_command
from handlers.members.roles import claim_button, demote_command, promote_command

__all__ = [
    "claim_button",
    "demote_command",
    "focalpoints_command",
    "forget_button",
    "forget_command",
    "language_command",
    "me_command",
    "missing_command",
    "mydata_command",
    "project_list",
    "project_named",
    "promote_command",
    "suggestions",
    "timezone_command",
    "unregistered_command",
    "whois_command",
]
