"""/resultats for a phone: the results with counts only (who has not answered yet is one
line and a button), and the organisations still to answer as a paged list."""

from __future__ import annotations

from dataclasses import replace
from zoneinfo import ZoneInfo

from bot.i18n import Catalogue, Safe, escape
from bot.limits import html_length
from bot.render.pager import PAGE_CHARS, PAGE_LINES, Listing
from bot.reports import PollReports, PollResults


def summary(reports: PollReports, results: PollResults, lang: str, tz: ZoneInfo) -> str:
    """The results without the organisations that have not answered (nor the per-country
    lines that name them): those come from the "not yet" button, page by page. When the
    organisations that answered are too many to name on a phone screen, their count says it."""
    text = reports.text(replace(results, countries=()), lang, tz)
    if text.count("\n") + 2 > PAGE_LINES or html_length(text) > PAGE_CHARS - 120:
        text = reports.text(replace(results, countries=(), answered=()), lang, tz)
    if results.poll.anonymous or not results.missing:
        return text
    complete = sum(1 for c in results.countries if c.organisations and not c.missing)
    with_members = sum(1 for c in results.countries if c.organisations)
    line = reports.catalogue.t(
        lang,
        "lists.poll.countries",
        count=with_members,
        complete=complete,
        missing=reports.catalogue.count(lang, "organisation", len(results.missing)),
    )
    return f"{text}\n{line}"


def missing_button(catalogue: Catalogue, results: PollResults, lang: str) -> str | None:
    """The label of the button that lists who has not answered, or None if nobody is missing."""
    if results.poll.anonymous or not results.missing:
        return None
    return catalogue.t(lang, "lists.poll.missing_button", count=len(results.missing))


def missing_listing(reports: PollReports, results: PollResults, lang: str) -> Listing:
    """Per country: its figures, then the organisations still to answer."""
    catalogue = reports.catalogue
    title = catalogue.t(
        lang, "lists.poll.missing_title", id=results.poll.id, count=len(results.missing)
    )
    items = []
    for country in results.countries:
        if not country.missing:
            continue
        line = catalogue.t(
            lang,
            "polls.results.country",
            country=reports.country_name(country.id, lang),
            answered=country.answered,
            organisations=catalogue.count(lang, "organisation", country.organisations),
            voters=catalogue.count(lang, "voter", country.voters),
        )
        names = ", ".join(escape(reports.organisation_name(i, lang)) for i in country.missing)
        items.append(line + catalogue.t(lang, "polls.results.missing", names=Safe(names)))
    return Listing(title, tuple(items))
