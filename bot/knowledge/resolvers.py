"""Step 4 of the pipeline: the resolvers the intent table names.

Each resolver takes the engine, the facts of the question (or of the projects in scope) and
the intent's optional argument, and returns the reply built from the records (step 5, the
rendering, is done by the engine's ``_r_*`` builders with the catalogues), or ``None`` when
it has nothing to say after all: routing then tries the next intent.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING

from babel import Locale

from bot.i18n import Safe
from bot.knowledge.attributes import asked
from bot.knowledge.facts import ProjectFacts, QuestionFacts
from bot.knowledge.gaps import Ask, Gap, render_gap
from bot.knowledge.markup import _Reply, b
from bot.knowledge.query import (
    _status_filter,
    action_numbers,
    claimed_countries,
    claimed_number,
)
from bot.knowledge.words import _OPEN_QUESTION

if TYPE_CHECKING:
    from bot.knowledge.engine import Answerer

__all__ = ["PROJECT_RESOLVERS", "QUESTION_RESOLVERS", "project_scope"]

Facts = QuestionFacts | ProjectFacts
QuestionResolver = Callable[["Answerer", QuestionFacts, str], "_Reply | None"]
ProjectResolver = Callable[["Answerer", ProjectFacts, str], "_Reply | None"]


def _not_found(eng: Answerer, f: Facts, arg: str) -> _Reply:
    return _Reply([eng._w.t("not_found", f.q.lang)], "not_found", found=False)


def _unknown_about(eng: Answerer, f: QuestionFacts, arg: str) -> _Reply:
    """The data does not hold what is asked (about the organisation or project named)."""
    q = f.q
    name = ""
    if f.orgs:
        o = eng.kb.organisations[f.orgs[0]]
        shown = o.name_en if q.lang == "en" and o.name_en else o.name
        name = eng._w.with_article(shown, o.name, q.lang, english=True)
    elif f.projects:
        name = eng.kb.projects[f.projects[0]].short_name
    about = eng._w.s("about", q.lang, name=name) if name else ""
    return _Reply([eng._w.t("unknown_attr", q.lang, about=about)], "unknown", found=False)


def _unknown_plain(eng: Answerer, f: Facts, arg: str) -> _Reply:
    return _Reply([eng._w.t("unknown_attr", f.q.lang, about="")], "unknown", found=False)


def _members_excluding(eng: Answerer, f: QuestionFacts, arg: str) -> _Reply:
    q, kb = f.q, eng.kb
    cids = q.ids("country") or list(dict.fromkeys(kb.organisations[o].country for o in f.excluded))
    return eng._r_members(
        f.projects or eng._project_order,
        cids,
        q.kinds,
        "count" in q.cues,
        q.lang,
        exclude=f.excluded | q.ex_orgs,
    )


def _stories(eng: Answerer, f: QuestionFacts, arg: str) -> _Reply:
    return eng._r_partnership(list(f.stories), f.q, [])


def _timezones(eng: Answerer, f: QuestionFacts, arg: str) -> _Reply:
    return eng._r_timezones(f.q, f.countries, f.orgs, f.projects)


def _other_countries(eng: Answerer, f: QuestionFacts, arg: str) -> _Reply:
    reply = eng._r_other_countries(f.others, f.projects, f.q.lang)
    # "which region of <a country with no member>": none is named, not a confident answer
    return replace(reply, found="identity" not in f.q.cues)


def _headcount(eng: Answerer, f: QuestionFacts, arg: str) -> _Reply | None:
    return eng._headcount(f.q, f.meetings_all)


def _agenda_at_clock(eng: Answerer, f: QuestionFacts, arg: str) -> _Reply | None:
    if f.q.clock is None:
        return None
    timed = eng._agenda_at(f.q.clock, f.meetings)
    return None if timed is None else eng._r_agenda_item(timed[0], timed[1], f.q)


def _agenda_item(eng: Answerer, f: QuestionFacts, arg: str) -> _Reply | None:
    hit = f.agenda_hit
    if hit is None:
        return None
    if eng._leads_most(eng.kb.meetings[hit[0]], f.q, itself=False) is not None:
        # "who leads most of the items" names one item by chance: the meeting's answer
        return eng._r_meeting([hit[0]], f.q)
    return eng._r_agenda_item(hit[0], hit[1], f.q)


def _milestone(eng: Answerer, f: QuestionFacts, arg: str) -> _Reply:
    aid, k = f.milestones[0]
    act = eng.kb.actions[aid]
    return eng._gathering_reply(act, act.milestones[k], f.q.lang, f.q.today)


def _agenda_end(eng: Answerer, f: QuestionFacts, arg: str) -> _Reply:
    """The first or the last item of a meeting's programme."""
    agenda = [m for m in f.meetings_final if eng.kb.meetings[m].agenda]
    m = eng.kb.meetings[agenda[0]]
    k = len(m.agenda) - 1 if "last" in f.cues else 0
    return eng._r_agenda_item(m.id, k, f.q)


def _meeting(eng: Answerer, f: QuestionFacts, arg: str) -> _Reply:
    return eng._r_meeting(f.meetings_final, f.q)


def _meetings_on_day(eng: Answerer, f: QuestionFacts, arg: str) -> _Reply:
    return eng._r_meeting(f.meetings_on_day, f.q)


def _single_agenda(eng: Answerer, f: QuestionFacts, arg: str) -> _Reply | None:
    """The programme of the only meeting that has one (of the network named, if any)."""
    kb = eng.kb
    with_agenda = [m.id for m in kb.meetings.values() if m.agenda]
    if f.networks:
        with_agenda = [
            mid for mid in with_agenda if set(f.networks) & set(kb.meetings[mid].organisers)
        ] or with_agenda
    if len(with_agenda) == 1 and (f.cues.any("time") or f.networks or "agenda" in f.cues):
        return eng._r_meeting(with_agenda, f.q, force="agenda")
    return None


def _partnership(eng: Answerer, f: QuestionFacts, arg: str) -> _Reply:
    return eng._r_partnership(f.partnerships_final or f.shared_ps, f.q, f.partner_orgs)


def _partnership_by_funder(eng: Answerer, f: QuestionFacts, arg: str) -> _Reply:
    if len(eng.kb.partnerships) == 1:
        return eng._r_partnership(list(eng.kb.partnerships), f.q, [])
    return eng._r_partnership_list(f.q.lang)


def _partnership_list(eng: Answerer, f: QuestionFacts, arg: str) -> _Reply:
    reply = eng._r_partnership_list(f.q.lang)
    term = eng.kb.terms.get(f.terms[0]) if f.terms else None
    if term is not None and "count" in asked(f.q.raw, f.q.typed):
        # how many a source (a database, a programme) lists: the records quoted from it are
        # not its total; say so, then what is held
        lines = render_gap(
            eng.kb, Gap(term, "count", Ask()), reply.lines, f.q.lang, eng._w.catalogue
        )
        return _Reply(lines, "gap", found=False, refs=[term.id])
    return reply


def _network_meetings(eng: Answerer, f: QuestionFacts, arg: str) -> _Reply | None:
    kb = eng.kb
    related = [m.id for m in kb.meetings.values() if set(f.networks) & set(m.organisers)]
    return eng._r_meeting(related, f.q) if related else None


def _networks(eng: Answerer, f: QuestionFacts, arg: str) -> _Reply:
    nids = list(eng.kb.networks) if arg == "all" else f.networks
    return eng._r_networks(nids, f.q.lang, f.q)


def project_scope(eng: Answerer, f: QuestionFacts, arg: str) -> ProjectFacts:
    """The projects in scope: all of them (``all``), those owning the actions named
    (``owners``), else those named."""
    if arg == "all":
        return ProjectFacts(eng, f.q, list(eng._project_order), [], [], f.picked)
    if arg == "owners":
        owners = list(dict.fromkeys(eng.kb.actions[a].project for a in f.named_actions))
        return ProjectFacts(eng, f.q, owners, f.orgs, f.countries, f.picked)
    return ProjectFacts(eng, f.q, f.projects, f.orgs, f.countries, f.picked)


def _project_facts(eng: Answerer, f: QuestionFacts, arg: str) -> _Reply:
    """The second stage: the project table over the projects in scope."""
    from bot.knowledge.routing import route_projects

    return route_projects(eng, project_scope(eng, f, arg))


def _network_membership(eng: Answerer, f: QuestionFacts, arg: str) -> _Reply:
    return eng._r_network_membership(f.networks, f.projects, f.q.lang)


def _animator(eng: Answerer, f: Facts, arg: str) -> _Reply:
    return eng._r_animator(f.projects, f.q.lang, funding=arg == "funding")


def _terms(eng: Answerer, f: QuestionFacts, arg: str) -> _Reply:
    tids = {"strong": f.strong_terms, "unrelated": f.unrelated_terms}.get(arg, f.terms)
    return eng._r_terms(tids, [], f.q.lang, f.q)


def _shared(eng: Answerer, f: QuestionFacts, arg: str) -> _Reply:
    return eng._r_shared(f.q.lang)


def _shared_of_project(eng: Answerer, f: ProjectFacts, arg: str) -> _Reply:
    """ "Quelles collectivités de X sont aussi membres d'un autre projet ?" """
    return eng._r_shared(f.q.lang, f.countries, f.q.kinds, within=f.projects[0])


def _shared_in(eng: Answerer, f: Facts, arg: str) -> _Reply:
    return eng._r_shared(f.q.lang, f.countries, f.q.kinds)


def _org_cards(eng: Answerer, f: QuestionFacts, arg: str) -> _Reply:
    reply = eng._r_org_cards(f.orgs, f.q.lang)
    if f.q.polar and len(f.orgs) == 1:
        # "is X in the project(s)?": yes or no from the organisation's memberships
        asked = f.projects or (list(eng._project_order) if "all_projects" in f.q.cues else [])
        if asked:
            held = set(eng.kb.organisations[f.orgs[0]].projects)
            reply.verdict = all(p in held for p in asked)
            reply.verdict_line = 1 if len(reply.lines) > 1 else 0
    return reply


def _gatherings_in(eng: Answerer, f: QuestionFacts, arg: str) -> _Reply | None:
    held = eng._gatherings_in(f.countries)
    return eng._gatherings_reply(held, f.q) if held else None


def _country_projects(eng: Answerer, f: QuestionFacts, arg: str) -> _Reply:
    return eng._r_country_projects(f.countries, f.q.lang)


def _country_members(eng: Answerer, f: QuestionFacts, arg: str) -> _Reply:
    q = f.q
    return eng._r_members(
        eng._project_order,
        f.countries,
        q.kinds,
        "count" in q.cues,
        q.lang,
        exclude=q.ex_orgs,
        loose_kind=q.loose_kind,
    )


def _action_search(eng: Answerer, f: Facts, arg: str) -> _Reply | None:
    found = f.found_actions
    if not found:
        return None
    return _Reply(eng._details(found, f.q.lang, f.q.today), "action_search", refs=found)


def _projects_list(eng: Answerer, f: Facts, arg: str) -> _Reply:
    q = f.q
    if arg == "scope":
        return eng._r_projects(f.projects, q.lang, q.today, _status_filter(q))
    return eng._r_projects(
        eng._project_order, q.lang, q.today, _status_filter(q), "count" in q.cues
    )


def _greeting(eng: Answerer, f: QuestionFacts, arg: str) -> _Reply:
    c = f.cues
    key = "thanks" if "thanks" in c and "help" not in c else "greeting"
    return _Reply([eng._w.t(key, f.q.lang)], "greeting", found=False)


# ---------------------------------------------------------------------- project stage


def _action_number(eng: Answerer, f: ProjectFacts, arg: str) -> _Reply:
    q = f.q
    numbers = action_numbers(q.tokens) or [q.action_no or 0]
    if q.action_no is not None and numbers[0] != q.action_no:
        numbers = [q.action_no]
    reply = eng._r_action_number(f.projects, numbers[0], q.lang, q)
    for n in numbers[1:]:
        # "les actions 2 et 3": each
        more = eng._r_action_number(f.projects, n, q.lang, q)
        reply = _Reply(
            [*reply.lines, "", *more.lines],
            reply.intent,
            reply.found and more.found,
            [*reply.refs, *more.refs],
        )
    return reply


def _membership(eng: Answerer, f: ProjectFacts, arg: str) -> _Reply:
    return eng._r_membership(f.orgs, f.projects, f.q.lang)


def _action_details(eng: Answerer, f: ProjectFacts, arg: str) -> _Reply:
    named = f.named_actions
    return _Reply(eng._details(named[:3], f.q.lang, f.q.today), "action", refs=named)


def _dates(eng: Answerer, f: ProjectFacts, arg: str) -> _Reply:
    duration = arg == "duration" or "duration" in f.cues
    return eng._r_dates(
        f.projects,
        f.q.lang,
        f.q.today,
        duration=duration,
        order=arg == "order",
        latest="recency" in f.cues,
    )


def _next_step(eng: Answerer, f: ProjectFacts, arg: str) -> _Reply:
    return eng._r_next_step(f.projects, f.q)


def _gatherings(eng: Answerer, f: ProjectFacts, arg: str) -> _Reply:
    return eng._r_gatherings(f.projects, f.q)


def _unknown_webinar(eng: Answerer, f: ProjectFacts, arg: str) -> _Reply:
    """One webinar by its rank: the dated webinar of that rank when the data lists them (a
    coordinator's milestones), else the documents count them, they do not list them."""
    lang = f.q.lang
    dated = sorted(
        (
            (ms.date.first_day(), a, ms)
            for pid in f.projects
            for a in eng.kb.project_actions(pid)
            if a.action_type == "webinars"
            for ms in a.milestones
            if ms.date is not None
        ),
        key=lambda t: t[0],
    )
    rank = f.q.ordinal
    if len(f.projects) == 1 and rank is not None and 0 < rank <= len(dated):
        # the step numbered so, else the rank-th by date
        numbered = [(a, ms) for _, a, ms in dated if ms.number == rank]
        a, ms = numbered[0] if numbered else dated[rank - 1][1:]
        return eng._gathering_reply(a, ms, lang, f.q.today)
    name = eng._w.join([eng._p(p).short_name for p in f.projects], lang)
    about = eng._w.s("about", lang, name=name) if f.explicit else ""
    return _Reply([eng._w.t("unknown_attr", lang, about=about)], "unknown", False)


def _webinars(eng: Answerer, f: ProjectFacts, arg: str) -> _Reply:
    q = f.q
    dated = [
        (a, ms)
        for pid in f.projects
        for a in eng.kb.project_actions(pid)
        if a.action_type == "webinars"
        for ms in a.milestones
        if ms.date is not None
    ]
    if dated and "next" in q.cues:
        # "next webinar?": the first dated one not over yet, as for the gatherings
        upcoming = [(a, ms) for a, ms in dated if ms.date and ms.date.last_day() >= q.today]
        if upcoming:
            return eng._gathering_reply(*upcoming[0], q.lang, q.today)
    return eng._r_webinars(
        f.projects,
        f.q.lang,
        total=f.cues.any("count", "total"),
        # "how many thematic webinars": counted, their topics not asked
        topics="theme" in f.cues and "count" not in f.cues,
    )


def _actions_of_type(eng: Answerer, f: ProjectFacts, arg: str) -> _Reply:
    return eng._r_actions_of_type(f.projects, (arg,), f.q.lang, f.q)


def _actions(eng: Answerer, f: ProjectFacts, arg: str) -> _Reply:
    return eng._r_actions(f.projects, arg == "count" or "count" in f.cues, f.q.lang)


def _transversal(eng: Answerer, f: ProjectFacts, arg: str) -> _Reply | None:
    cross = f.transversal_actions
    if not cross:
        return None
    return _Reply(eng._details(cross, f.q.lang, f.q.today), "action", refs=cross)


def _technical_partners(eng: Answerer, f: ProjectFacts, arg: str) -> _Reply:
    return eng._r_technical_partners(f.projects, f.q.lang, f.q)


def _shared_countries(eng: Answerer, f: ProjectFacts, arg: str) -> _Reply:
    return eng._r_shared_countries(f.projects, f.q.lang)


def _countries_by_count(eng: Answerer, f: ProjectFacts, arg: str) -> _Reply:
    asked = f.count_per_country
    assert asked is not None
    return eng._r_countries_by_count(f.projects[0], asked, f.q.lang)


def _own_countries(eng: Answerer, f: ProjectFacts, arg: str) -> _Reply:
    return eng._r_own_countries(f.projects[0], f.q.lang)


def _countries(eng: Answerer, f: ProjectFacts, arg: str) -> _Reply:
    q, c = f.q, f.cues
    left: str | None = None
    if q.ex_projects:
        names = eng._w.join([b(eng._p(x).short_name) for x in q.ex_projects], q.lang)
        left = eng._w.t("countries_of", q.lang, name=Safe(names))
    if f.in_region:
        # "quels pays africains", "how many African countries": those of the region
        only = q.only and (q.polar or not set(q.tokens) & (_OPEN_QUESTION - {"que", "qu"}))
        return eng._r_countries_in(
            f.projects, q.lang, frozenset(f.countries), q.regions[0], only=only
        )
    reply = eng._r_countries(
        f.projects,
        q.lang,
        "count" in c,
        total="total" in c,
        exclude=q.ex_countries,
        left=left,
        compare=bool({"change", "comparative"} & c.groups),
    )
    claimed = claimed_countries(q.raw) if q.polar and len(f.projects) == 1 else None
    if claimed is not None and not q.ex_countries:
        # "ne réunit que des collectivités de huit pays ?": yes when that is their number
        reply.verdict = claimed == len(eng._member_countries(f.projects[0]))
    if f.listed_countries and len(f.projects) == 1 and not q.ex_countries:
        # "P's countries are A, B and C (, three in all)?": yes when they are all of them
        reply.verdict = set(f.countries) == {
            c.id for c in eng._member_countries(f.projects[0])
        } and (reply.verdict is not False)
    return reply


def _project_title(eng: Answerer, f: ProjectFacts, arg: str) -> _Reply:
    """A project's full name (its title), and the title in the other language."""
    p, lang, w = eng._p(f.projects[0]), f.q.lang, eng._w
    lines = [
        w.t("project_title", lang, name=b(p.short_name), title=w.quoted(p.title.get(lang), lang))
    ]
    other = "en" if lang == "fr" else "fr"
    if p.title.get(other) != p.title.get(lang):
        language = Locale(lang).languages.get(other, other)
        lines.append(
            w.t("title_in", lang, language=language, title=w.quoted(p.title.get(other), lang))
        )
    return _Reply(lines, "project_title", refs=[p.id])


def _news(eng: Answerer, f: ProjectFacts, arg: str) -> _Reply:
    """A project's news (its ``[[project.news]]`` blocks), the latest first, three at most;
    none recorded is said so. Either way, what comes next is /next's."""
    lang, w = f.q.lang, eng._w
    lines: list[str] = []
    without = [eng._p(pid).short_name for pid in f.projects if not eng._p(pid).news]
    for pid in f.projects:
        p = eng._p(pid)
        name = b(p.short_name)
        if not p.news:
            continue
        latest = sorted(
            p.news, key=lambda n: n.date.first_day() if n.date else date.min, reverse=True
        )
        if len(f.projects) > 1:
            lines.append(w.t("news_of", lang, name=name))
        for item in latest[:3]:
            when = f" ({item.date.format(lang)})" if item.date else ""
            lines.append(
                w.t(
                    "news_item",
                    lang,
                    title=item.title.get(lang),
                    date=when,
                    summary=item.summary.get(lang),
                )
            )
    if without:
        lines.append(w.t("news_none", lang, name=Safe(w.join([b(n) for n in without], lang))))
    lines.append(w.t("news_more", lang))
    return _Reply(lines, "news", refs=list(f.projects))


def _members(eng: Answerer, f: ProjectFacts, arg: str) -> _Reply:
    q, c = f.q, f.cues
    if f.in_region:
        return eng._r_members_in_region(
            f.projects,
            frozenset(f.countries),
            q.regions[0],
            "count" in c,
            q.lang,
            exclude=q.ex_orgs,
            kinds=q.kinds,
            only=q.only and (q.polar or not set(q.tokens) & (_OPEN_QUESTION - {"que", "qu"})),
        )
    reply = eng._r_members(
        f.projects,
        f.countries,
        q.kinds,
        "count" in c,
        q.lang,
        exclude=q.ex_orgs,
        loose_kind=q.loose_kind,
        claimed=claimed_number(q.raw) if q.polar else None,
        share="share" in c,
        # "how many more in X than in Y", "plus de membres en X ou en Y ?"
        compare="change" in c
        or (
            "comparative" in c
            and (
                len(f.countries) == 2
                # "combien de membres ivoiriens de plus dans X que dans Y ?"
                or (len(f.projects) == 2 and bool({"que", "qu", "than"} & set(q.tokens)))
            )
        ),
    )
    if f.only_named and len(f.projects) == 1:
        # "only one Moroccan region, X, is part of P": yes when X are all its members there
        there = {
            o.id
            for o in eng._members_of(f.projects[0])
            if o.country in f.countries and (not q.kinds or o.org_kind in q.kinds)
        }
        reply.verdict = there == set(f.orgs)
    return reply


def _funding(eng: Answerer, f: ProjectFacts, arg: str) -> _Reply:
    return eng._r_funding(f.projects, f.q.lang, f.q)


def _call(eng: Answerer, f: ProjectFacts, arg: str) -> _Reply:
    return eng._r_call(f.projects, f.q.lang)


def _status(eng: Answerer, f: ProjectFacts, arg: str) -> _Reply:
    return eng._r_status(f.projects, f.q.lang, f.q.today)


def _themes(eng: Answerer, f: ProjectFacts, arg: str) -> _Reply:
    lang = f.q.lang
    lines = [
        "• "
        + eng._w.t(
            "fmt.field", lang, label=b(eng._p(p).short_name), value=eng._p(p).theme.get(lang)
        )
        for p in f.projects
    ]
    return _Reply(lines, "project_theme", refs=f.projects)


def _overview(eng: Answerer, f: ProjectFacts, arg: str) -> _Reply:
    return eng._r_overview(f.projects, f.q.lang, f.q.today, objectives=arg == "objectives")


def _project_card(eng: Answerer, f: ProjectFacts, arg: str) -> _Reply:
    return eng._r_project_card(eng.kb.projects[f.projects[0]], f.q.lang, f.q.today)


QUESTION_RESOLVERS: dict[str, QuestionResolver] = {
    "meetings_on_day": _meetings_on_day,
    "action_search": _action_search,
    "agenda_at_clock": _agenda_at_clock,
    "agenda_end": _agenda_end,
    "agenda_item": _agenda_item,
    "animator": _animator,
    "country_members": _country_members,
    "country_projects": _country_projects,
    "gatherings_in": _gatherings_in,
    "greeting": _greeting,
    "headcount": _headcount,
    "meeting": _meeting,
    "members_excluding": _members_excluding,
    "milestone": _milestone,
    "network_meetings": _network_meetings,
    "network_membership": _network_membership,
    "networks": _networks,
    "not_found": _not_found,
    "org_cards": _org_cards,
    "other_countries": _other_countries,
    "partnership": _partnership,
    "partnership_by_funder": _partnership_by_funder,
    "partnership_list": _partnership_list,
    "project_facts": _project_facts,
    "projects_list": _projects_list,
    "shared": _shared,
    "shared_in": _shared_in,
    "single_agenda": _single_agenda,
    "stories": _stories,
    "terms": _terms,
    "timezones": _timezones,
    "unknown_about": _unknown_about,
    "unknown_plain": _unknown_plain,
}

PROJECT_RESOLVERS: dict[str, ProjectResolver] = {
    "action_details": _action_details,
    "action_number": _action_number,
    "action_search": _action_search,
    "actions": _actions,
    "actions_of_type": _actions_of_type,
    "animator": _animator,
    "call": _call,
    "countries": _countries,
    "dates": _dates,
    "funding": _funding,
    "gatherings": _gatherings,
    "next_step": _next_step,
    "members": _members,
    "news": _news,
    "project_title": _project_title,
    "shared_of_project": _shared_of_project,
    "membership": _membership,
    "overview": _overview,
    "own_countries": _own_countries,
    "countries_by_count": _countries_by_count,
    "project_card": _project_card,
    "projects_list": _projects_list,
    "shared_countries": _shared_countries,
    "shared_in": _shared_in,
    "status": _status,
    "technical_partners": _technical_partners,
    "themes": _themes,
    "transversal": _transversal,
    "unknown_webinar": _unknown_webinar,
    "webinars": _webinars,
}
