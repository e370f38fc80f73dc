"""The funder's activity report (issue 12) has each organisation's self-assessment status."""

from __future__ import annotations

from datetime import timedelta

from bot.clock import FrozenClock
from bot.render.report_tables import tables
from bot.services import Services
from bot.storage.events import EventFields
from tests.conftest import ALICE, COORDINATOR
from tests.forms.conftest import ORG, TERRESS
from tests.forms.test_service import complete


async def test_each_organisation_has_its_self_assessment_status(
    focal: Services, clock: FrozenClock
) -> None:
    services = focal
    now = services.clock.now()
    # Something happened in the project (an empty report is refused).
    await services.events.create(
        EventFields(
            project_id="terress",
            kind="webinar",
            title="Webinaire ESS",
            starts_at=now + timedelta(hours=1),
            ends_at=now + timedelta(hours=2),
            timezone="Europe/Paris",
        ),
        created_by=COORDINATOR,
    )
    clock.advance(timedelta(hours=3))  # held
    forms = services.forms
    await forms.answer_many(TERRESS, [(ORG, complete(forms.form(TERRESS)))], ALICE, submit=True)
    await forms.answer_many(TERRESS, [("cd-bambey", {"maturite": 2})], None)
    project, period = services.activity.parse_request("terress")
    report = await services.activity.build(project, period, "fr")
    status = {o.id: o.self_assessment for o in report.organisations}
    assert status[ORG] == "envoyé"
    assert status["cd-bambey"] == "en cours (1/15)"
    assert {s for o, s in status.items() if o not in (ORG, "cd-bambey")} == {"pas commencé"}
    (organisations,) = [t for t in tables(report, services.catalogue) if t.key == "organisations"]
    assert organisations.headers[-1] == "Autodiagnostic"
    row = next(r for r in organisations.rows if r[0] == ORG)
    assert row[-1] == "envoyé"
