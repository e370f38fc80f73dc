"""/moi says "point focal de l'Association …", "du Conseil …", not "de Association …" (audit
item 15): the article comes from the organisation's name."""

from __future__ import annotations

import pytest

from bot.i18n import Catalogue
from bot.render.onboarding import OnboardingRender, Profile


def profile(organisation: str) -> Profile:
    return Profile(
        name="Alice",
        username=None,
        language="fr",
        projects=("Terr'ESS",),
        role="focal_point",
        focal_status="confirmed",
        organisation=organisation,
        country="Sénégal",
        timezone=None,
        local_time="",
        default_timezone="Europe/Paris",
        listed=True,
    )


@pytest.mark.parametrize(
    ("organisation", "expected"),
    [
        ("Association des communes de Louga", "point focal de l&#x27;Association des communes"),
        ("Conseil régional Grand Est", "point focal du Conseil régional Grand Est"),
        ("Commune de Bambey", "point focal de la Commune de Bambey"),
    ],
)
def test_the_focal_point_line_has_its_article(organisation: str, expected: str) -> None:
    said = OnboardingRender(Catalogue.bundled()).describe("fr", profile(organisation))
    assert expected.replace("&#x27;", "'") in said.replace("&#x27;", "'"), said
    assert "de Association" not in said
