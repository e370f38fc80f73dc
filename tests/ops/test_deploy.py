"""The deployment files (issue 14): the systemd units pass `systemd-analyze verify` (where it
exists), and the Dockerfile keeps its promises. (No container engine runs on the build machine:
the image's install steps were run by hand in a fresh virtualenv, see the closing note.)"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="no systemd-analyze")
def test_the_systemd_units_verify(tmp_path: Path) -> None:
    # The units name the installed /opt/coopbot/.venv/bin/coopbot: point them at this one.
    coopbot = Path(sys.executable).with_name("coopbot")
    for unit in ("coopbot.service", "coopbot-backup.service", "coopbot-backup.timer"):
        text = (DEPLOY / unit).read_text(encoding="utf-8")
        (tmp_path / unit).write_text(
            text.replace("/opt/coopbot/.venv/bin/coopbot", str(coopbot)), encoding="utf-8"
        )
    result = subprocess.run(
        ["systemd-analyze", "verify", *(str(p) for p in sorted(tmp_path.iterdir()))],
        capture_output=True,
        text=True,
        check=False,
    )
    problems = [
        line
        for line in (result.stdout + result.stderr).splitlines()
        if "coopbot" in line and "Failed to" not in line  # no systemd as PID 1 in containers
    ]
    assert problems == [], problems
    service = (DEPLOY / "coopbot.service").read_text(encoding="utf-8")
    for needed in (
        "User=coopbot",
        "StateDirectory=coopbot",
        "Restart=on-failure",
        "ProtectSystem=strict",
        "NoNewPrivileges=yes",
        "--health 127.0.0.1:8080",
    ):
        assert needed in service


def test_the_dockerfile_runs_as_a_user_with_a_volume_and_a_healthcheck() -> None:
    text = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert text.startswith("#") and "FROM python:3.11-slim" in text
    assert "tzdata" in text and "USER coopbot" in text
    assert 'VOLUME ["/var/lib/coopbot"]' in text
    assert "HEALTHCHECK" in text and "/healthz" in text
    assert 'ENTRYPOINT ["coopbot"]' in text
    compose = (ROOT / "compose.yaml").read_text(encoding="utf-8")
    assert "coopbot-data:/var/lib/coopbot" in compose and "restart: unless-stopped" in compose
