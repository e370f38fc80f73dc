"""The answer engine: public entry points and the pipeline normalise -> extract -> route ->
resolve -> render."""

from __future__ import annotations

from datetime import date

from bot.i18n import Safe
from bot.knowledge.markup import (
    _MAX_QUESTION_CHARS,
    Answer,
    _fit,
    _lang,
    _Reply,
    b,
)
from bot.knowledge.matching import (
    NAME_STOPWORDS,
    WORD,
)
from bot.knowledge.query import (
    _Query,
    _status_filter,
)
from bot.knowledge.refine import refine
from bot.knowledge.resolve_meetings import MeetingAnswers
from bot.knowledge.textnorm import STOPWORDS, detect_language, tokenize
from bot.knowledge.words import (
    _DURATION_WORDS,
    _GATHERING_WORDS,
    _HEADCOUNT_WORDS,
    _MEETING_WORDS,
    _NOW_WORDS,
    _PARTNERSHIP_WORDS,
    _PROJECT_FACTS,
    _ROLE_WORDS,
    _TOPIC_CUES,
)


class Answerer(MeetingAnswers):
    def answer(self, question: str, lang: str | None, today: date) -> Answer:
        """Answer a free-text question. ``lang`` is a hint (interface language)."""
        raw = (question or "").strip()[:_MAX_QUESTION_CHARS]
        lng = detect_language(raw, hint=_lang(lang) if lang else None, names=self._proper_words)
        if not raw or not tokenize(raw):
            return self.not_found(lng)
        q = self._parse(raw, lng, today)
        reply = refine(self, q, self._route(q))
        if not any(line.strip() for line in reply.lines):
            return self.not_found(lng)
        return Answer(
            html=_fit(reply.lines, lng, catalogue=self._w.catalogue),
            found=reply.found,
            lang=lng,
            intent=reply.intent,
            refs=tuple(dict.fromkeys(reply.refs)),
        )

    def projects(self, lang: str, today: date) -> Answer:
        """The list of projects with their dates and status (``/projets``)."""
        lng = _lang(lang)
        return self._wrap(self._r_projects(list(self.kb.projects), lng, today, None), lng)

    def project(self, name: str, lang: str, today: date) -> Answer:
        """One project's card, by any of its names (``/projet COOP'R``)."""
        lng = _lang(lang)
        p = self.find_project(name)
        if p is None:
            return self.not_found(lng)
        return self._wrap(self._r_project_card(p, lng, today), lng)

    def members(self, project: str, country: str | None = None, lang: str = "fr") -> Answer:
        """Members of a project, optionally in one country (name, demonym or ISO code)."""
        lng = _lang(lang)
        p = self.find_project(project)
        if p is None:
            return self.not_found(lng)
        countries: list[str] = []
        if country:
            c = self.find_country(country)
            if c is None:
                return self.not_found(lng)
            countries = [c.id]
        return self._wrap(self._r_members([p.id], countries, frozenset(), False, lng), lng)

    def actions(self, project: str, lang: str = "fr") -> Answer:
        """A project's actions (``/actions COOP'R``)."""
        lng = _lang(lang)
        p = self.find_project(project)
        if p is None:
            return self.not_found(lng)
        return self._wrap(self._r_actions([p.id], False, lng), lng)

    def organisation(self, name: str, lang: str = "fr") -> Answer:
        """An organisation's card, by name, acronym or alias."""
        lng = _lang(lang)
        refs = self._lookup(name, "organisation")
        if not refs:
            return self.not_found(lng)
        return self._wrap(self._r_org_cards(refs, lng), lng)

    def glossary(self, term: str, lang: str = "fr") -> Answer:
        """A glossary entry (acronym or term), or a network's card."""
        lng = _lang(lang)
        refs = self._lookup(term, "term")
        if refs:
            return self._wrap(self._r_terms(refs, [], lng), lng)
        nets = self._lookup(term, "network")
        if nets:
            return self._wrap(self._r_networks(nets, lng), lng)
        return self.not_found(lng)

    def not_found(self, lang: str | None) -> Answer:
        """The plain "I don't know" answer, pointing to /aide (fr) or /help (en)."""
        lng = _lang(lang)
        return Answer(html=self._w.t("not_found", lng), found=False, lang=lng, intent="not_found")

    def _route(self, q: _Query) -> _Reply:
        c = q.cues
        projects = q.ids("project")
        if (
            projects
            and all(m.strength <= WORD for m in q.mentions if m.ref.kind == "project")
            and any(m.ref.kind in ("term", "network") for m in q.mentions)
        ):
            # "atlas coop décentralisée": "coop" is short for "coopération", not COOP'R
            projects = []
        orgs = self._disambiguate_orgs(q, projects)
        ex_projects, ex_countries, _ex = self._exclusions(q)
        if ex_projects:
            # "which Terr'ESS countries are not in COOP'R": the others, less its own
            projects = [p for p in projects if p not in ex_projects] or [
                p for p in self._project_order if p not in ex_projects
            ]
            q.mentions = [
                m for m in q.mentions if not (m.ref.kind == "project" and m.ref.id in ex_projects)
            ]
            q.ex_projects = tuple(ex_projects)
            q.ex_orgs = frozenset(o.id for p in ex_projects for o in self._members_of(p))
            q.ex_countries = frozenset(c.id for p in ex_projects for c in self._member_countries(p))
        if ex_countries:
            q.ex_countries = q.ex_countries | frozenset(ex_countries)
            q.ex_orgs = q.ex_orgs | frozenset(
                o.id for o in self.kb.organisations.values() if o.country in ex_countries
            )
            q.mentions = [
                m for m in q.mentions if not (m.ref.kind == "country" and m.ref.id in ex_countries)
            ]
        excluded = self._excluded_orgs(q)
        if excluded:
            # "who is in Terr'ESS from Côte d'Ivoire besides Kabadougou": the others
            orgs = [o for o in orgs if o not in excluded]
            if not orgs:
                cids = q.ids("country") or list(
                    dict.fromkeys(self.kb.organisations[o].country for o in excluded)
                )
                return self._r_members(
                    projects or self._project_order,
                    cids,
                    q.kinds,
                    "count" in c,
                    q.lang,
                    exclude=excluded | q.ex_orgs,
                )
        countries = q.ids("country")
        terms = q.ids("term")
        networks = q.ids("network")
        meetings = q.ids("meeting")
        partnerships = q.ids("partnership")
        places = q.ids("place")
        strong_terms = [
            t for t in terms if any(m.ref.id == t and m.strength > WORD for m in q.mentions)
        ]

        role_terms = [t for t in terms if self.kb.terms[t].term_type == "role"]
        if (
            c.any("unknown_attr", "person_role")
            and c.any("when", "when_explicit", "history")
            and not c.any("who", "person")
            and (stories := self._match_history(q))
        ):
            # "when did the president of Chefchaouen visit Dijon": a step of a history
            return self._r_partnership(list(stories), q, [])
        if (
            "off_topic" in c
            or self._asks_person(q)
            or ("unknown_attr" in c and not c.any("funding", "total") and not meetings)
            # how to register, join, apply: the documents hold no procedure (except the
            # networks' own "open to" rules)
            or ("procedure" in c and not (networks and "join" in c) and "call" not in c)
            # what a network's membership or a meeting costs: no amount at all
            or ("amount" in c and (networks or meetings) and not projects and not partnerships)
            # what an action or a gathering costs: no amount below the project's
            or (
                "amount" in c
                and (
                    c.any("gatherings", "webinars", "seminar", "self_assessment", "remote")
                    or q.action_no is not None
                    or q.has("action")
                )
            )
            # the person holding a role somewhere ("le point focal du Cameroun")
            or (
                role_terms
                and (
                    ((orgs or countries) and c.any("who", "person"))
                    or ("person" in c and "meaning" not in c)
                )
            )
        ):
            name: str = ""
            if orgs:
                o = self.kb.organisations[orgs[0]]
                shown = o.name_en if q.lang == "en" and o.name_en else o.name
                name = self._w.with_article(shown, o.name, q.lang, english=True)
            elif projects:
                name = self.kb.projects[projects[0]].short_name
            about = self._w.s("about", q.lang, name=name) if name else ""
            return _Reply([self._w.t("unknown_attr", q.lang, about=about)], "unknown", found=False)

        if (
            "timezone" in c
            or (
                # "heure à Yerevan", "what time in Cameroon": the local time zone
                "time" in c
                and q.mentions
                and all(m.ref.kind in ("country", "tz_city") for m in q.mentions)
            )
            or (
                # "heure de Dakar par rapport à Paris": a gap between two places, even when one
                # of them is also where a meeting was held
                "time" in c
                and q.mentions
                and all(m.ref.kind in ("country", "tz_city", "place") for m in q.mentions)
                and (len(q.mentions) >= 2 or set(q.tokens) & _NOW_WORDS)
                and not c.any("agenda", "gatherings", "when_explicit")
            )
        ):
            return self._r_timezones(q, countries, orgs, projects)

        if not q.mentions and c.any("meaning", "describe") and self._unknown_names(q):
            # "c'est quoi le projet AGIR-Sahel", "what is the Erasmus+ programme": a name the
            # data does not hold (not a list of what it does hold)
            return _Reply([self._w.t("not_found", q.lang)], "not_found", found=False)
        if (
            q.mentions
            and all(m.ref.kind in ("country", "other_country") for m in q.mentions)
            and not c.groups
            and self._unknown_names(q, any_word=True)
        ):
            # "cuisine sénégal": a country and a topic the data knows nothing about
            return _Reply([self._w.t("not_found", q.lang)], "not_found", found=False)

        others = q.ids("other_country")
        if others and not countries and not orgs and not meetings and not partnerships:
            content = [t for t in q.tokens if t not in STOPWORDS and t not in NAME_STOPWORDS]
            if c.any("members", "countries", "projects", "who", "count") or len(content) <= 2:
                return self._r_other_countries(others, projects, q.lang)

        # --- meetings and their timed programme ---------------------------------
        if not projects:
            met = list(meetings)
            for city in places:
                met += [rid for rid, _k in self._places.get(city, []) if rid in self.kb.meetings]
            counted = self._headcount(q, list(dict.fromkeys(met)))
            if counted is not None:
                return counted
        agenda_hit = None if projects else self._match_agenda(q)
        if not projects and q.clock:
            timed = self._agenda_at(q.clock, meetings)
            if timed is not None:
                return self._r_agenda_item(timed[0], timed[1], q)
        milestones: list[tuple[str, int]] = []
        for city in places:
            for rid, k in self._places.get(city, []):
                if rid in self.kb.meetings and rid not in meetings:
                    meetings.append(rid)
                elif rid in self.kb.actions and k is not None:
                    milestones.append((rid, k))
        if agenda_hit and not self._agenda_explains(q, agenda_hit[0], agenda_hit[1]):
            agenda_hit = None
        if agenda_hit and "duration" in c and not q.clock:
            # "combien de temps dure la rencontre": the meeting's hours, not "Temps convivial"
            agenda_hit = self._match_agenda(q, skip=_DURATION_WORDS)
        if (
            agenda_hit
            and not c.any("time", "when", "when_explicit", "agenda")
            and self._agenda_by_name_only(q, agenda_hit[0], agenda_hit[1])
        ):
            # "who runs Cap Coopération": the network, not "Presentation of Cap Coopération"
            agenda_hit = None
        if agenda_hit and (
            c.any("time", "animator", "when", "when_explicit")
            or (meetings and not c.any("agenda"))
            or (agenda_hit[3] >= 0.5 and not q.has("network", "term", "organisation"))
        ):
            return self._r_agenda_item(agenda_hit[0], agenda_hit[1], q)
        if milestones and not meetings and not orgs:
            act = self.kb.actions[milestones[0][0]]
            return self._gathering_reply(act, act.milestones[milestones[0][1]], q.lang, q.today)
        if not meetings and q.years and set(q.tokens) & _MEETING_WORDS and not projects:
            meetings = [m.id for m in self.kb.meetings.values() if m.date.year in q.years][:3]
        if meetings and not projects and not set(q.tokens) & _GATHERING_WORDS:
            agenda = [m for m in meetings if self.kb.meetings[m].agenda]
            if agenda and ("last" in c or q.ordinal == 1):
                m = self.kb.meetings[agenda[0]]
                k = len(m.agenda) - 1 if "last" in c else 0
                return self._r_agenda_item(m.id, k, q)
        if meetings and not projects:
            return self._r_meeting(meetings, q)
        if (
            c.any("time", "agenda")
            and not projects
            and not partnerships
            and not orgs
            and not strong_terms
        ):
            with_agenda = [m.id for m in self.kb.meetings.values() if m.agenda]
            if networks:
                with_agenda = [
                    mid
                    for mid in with_agenda
                    if set(networks) & set(self.kb.meetings[mid].organisers)
                ] or with_agenda
            if len(with_agenda) == 1 and (c.any("time") or networks or "agenda" in c):
                return self._r_meeting(with_agenda, q, force="agenda")

        # --- Atlas partnerships ----------------------------------------------------
        partner_orgs = [o for o in orgs if o in self._org_partnerships]
        shared_ps = self._partnerships_of(partner_orgs)
        by_label = list(
            dict.fromkeys(sid for key in q.ids("funder") for sid in self._funder_labels[key])
        )
        if by_label and not partnerships and not projects and not shared_ps:
            # "how much did the foreign partners contribute": the partnerships they fund
            partnerships = by_label
        if (
            (partnerships or (partner_orgs and not projects))
            and "count" in c
            and set(q.tokens) & _HEADCOUNT_WORDS
            and not c.any("funding", "total")
        ):
            # "combien de volontaires pour l'échange de 2019": no headcount in the Atlas
            return _Reply([self._w.t("unknown_attr", q.lang, about="")], "unknown", found=False)
        if partnerships or (
            partner_orgs
            and not projects
            and (
                c.any(
                    "partnership",
                    "funding",
                    "theme",
                    "when",
                    "status",
                    "objectives",
                    "total",
                    "count",
                )
                or len(partner_orgs) >= 2
                or "agreement" in c
            )
            and shared_ps
        ):
            ids = partnerships or shared_ps
            return self._r_partnership(ids, q, partner_orgs)

        if (
            not projects
            and not orgs
            and set(q.tokens) & _PARTNERSHIP_WORDS
            and self.kb.partnerships
            and all(t in self._funded_by for t in terms)
            and not c.any("projects", "members")
        ):
            # "what share of the partnership came from the MEAE": a funder of partnerships
            if len(self.kb.partnerships) == 1:
                return self._r_partnership(list(self.kb.partnerships), q, [])
            return self._r_partnership_list(q.lang)

        # --- networks ----------------------------------------------------------------
        if networks and not projects:
            if c.any("gatherings") and not c.any("objectives", "meaning", "describe"):
                related = [
                    m.id for m in self.kb.meetings.values() if set(networks) & set(m.organisers)
                ]
                if related:
                    return self._r_meeting(related, q)
            return self._r_networks(networks, q.lang, q)

        # --- projects ----------------------------------------------------------------
        project_cues = c.any(
            "members",
            "countries",
            "actions",
            "webinars",
            "gatherings",
            "seminar",
            "self_assessment",
            "remote",
            "communication",
            "transversal",
            "funding",
            "call",
            "animator",
        )
        named_actions = q.ids("action")
        if named_actions and not projects:
            owners = list(dict.fromkeys(self.kb.actions[a].project for a in named_actions))
            return self._r_project_intent(owners, orgs, countries, q)
        if projects:
            if networks and c.any("members_strong") and not countries and not orgs:
                # "is AIRF a member of COOP'R": a network runs projects, it is no member
                return self._r_network_membership(networks, projects, q.lang)
            if networks and (
                c.any("animator", "who")
                or (
                    # "le rôle de l'AIRF dans Terr'ESS": the network that runs it
                    set(q.tokens) & _ROLE_WORDS
                    and any(set(projects) & set(self.kb.networks[n].projects) for n in networks)
                )
            ):
                return self._r_animator(projects, q.lang)
            if strong_terms and c.any("meaning") and not c.any(*_PROJECT_FACTS):
                # "what is the DCTCIV's role in Terr'ESS": the term, which names the project
                return self._r_terms(strong_terms, [], q.lang, q)
            return self._r_project_intent(projects, orgs, countries, q)

        # --- organisations, countries, terms without a project --------------------------
        if orgs:
            if "shared" in c and len(orgs) != 1:
                return self._r_shared(q.lang)
            return self._r_org_cards(orgs, q.lang)
        if (
            terms
            and set(q.tokens) & _PARTNERSHIP_WORDS
            and any(s.record_of in terms for s in self.kb.partnerships.values())
        ):
            return self._r_partnership_list(q.lang)
        unrelated = [t for t in strong_terms if not self._term_projects.get(t)]
        if unrelated and not countries:
            # "how does AFD's FICOL relate to the DAECT's calls": FICOL is what is asked
            # about; the project words belong to the terms it is compared with
            return self._r_terms(unrelated, [], q.lang, q)
        if strong_terms and (
            not project_cues
            or c.any("meaning", "describe")
            or not any(self._term_projects.get(t) for t in strong_terms)
        ):
            # "ficol pays concernés": a term no project relates to answers its own cues
            return self._r_terms(strong_terms, [], q.lang, q)
        if (
            "shared" in c
            and (countries or q.kinds)
            and c.any("members", "who", "count", "kinds", "list")
            and not c.any(*_TOPIC_CUES, "total")
        ):
            # "which Moroccan councils are in both projects"
            return self._r_shared(q.lang, countries, q.kinds)
        if countries:
            if c.any("gatherings") and not c.any("members_strong"):
                held = self._gatherings_in(countries)
                if held:
                    return self._gatherings_reply(held, q)
            if c.any("projects") and not c.any("members", "who", "count") and not q.kinds:
                return self._r_country_projects(countries, q.lang)
            return self._r_members(
                self._project_order,
                countries,
                q.kinds,
                "count" in c,
                q.lang,
                exclude=q.ex_orgs,
                loose_kind=q.loose_kind,
            )
        if (
            "shared" in c
            and c.any("members", "who", "projects", "count", "kinds")
            and not c.any(*_TOPIC_CUES, "total")
        ):
            return self._r_shared(q.lang)
        content = [t for t in q.tokens if t not in STOPWORDS and t not in NAME_STOPWORDS]
        if (
            project_cues
            or q.action_no is not None
            or (q.kinds and (c.any("who", "count", "list") or len(content) <= 4))
        ):
            return self._r_project_intent(self._project_order, [], [], q)
        if terms:
            return self._r_terms(terms, [], q.lang, q)
        if "all_projects" in c or (
            c.any("projects")
            and c.any("when", "when_explicit", "duration", "theme")
            and not _status_filter(q)
        ):
            # "la durée de chaque projet", "quel projet finit en premier", "dates des deux
            # projets": each project's own facts
            return self._r_project_intent(self._project_order, [], [], q)
        found_actions = self._match_actions(q, self._project_order)
        if found_actions:
            details = self._details(found_actions, q.lang, q.today)
            return _Reply(details, "action_search", refs=found_actions)
        stories = self._match_history(q)
        if stories and len(stories) <= 6:
            # "when did the volunteer exchange happen": a step of a partnership's history
            return self._r_partnership(list(stories), q, [])
        if c.any("projects"):
            status = _status_filter(q)
            return self._r_projects(self._project_order, q.lang, q.today, status, "count" in c)
        if c.any("partnership") and self.kb.partnerships:
            return self._r_partnership_list(q.lang)
        if c.any("network") and self.kb.networks and not c.any("unknown_attr"):
            return self._r_networks(list(self.kb.networks), q.lang, q)
        if c.any("greeting", "help") and len(q.tokens) <= 6:
            key = "thanks" if "thanks" in c and "help" not in c else "greeting"
            return _Reply([self._w.t(key, q.lang)], "greeting", found=False)
        return _Reply([self._w.t("not_found", q.lang)], "not_found", found=False)

    def _r_project_intent(
        self, projects: list[str], orgs: list[str], countries: list[str], q: _Query
    ) -> _Reply:
        c = q.cues
        lang = q.lang
        explicit = bool(q.ids("project")) or "all_projects" in c
        if (q.action_no is not None and not c.any("gatherings")) or (
            q.action_no is not None and q.ordinal is None
        ):
            return self._r_action_number(projects, q.action_no or 0, lang, q)
        if orgs and explicit and not c.any("funding", "actions", "countries"):
            return self._r_membership(orgs, projects, lang)
        named = [a for a in q.ids("action") if self.kb.actions[a].project in projects]
        if named and not c.any("members", "countries", "funding", "call"):
            gathering_types = ("gatherings", "political_technical_gathering")
            if not (
                any(self.kb.actions[a].action_type in gathering_types for a in named)
                and (q.ordinal is not None or c.any("next", "last"))
            ):
                return _Reply(self._details(named[:3], lang, q.today), "action", refs=named)
        if "duration" in c and not c.any("gatherings", "webinars", "seminar", "members"):
            # "how many months does each project's action period last"
            return self._r_dates(projects, lang, q.today, duration=True)
        if c.any("gatherings") or (
            q.ordinal is not None and c.any("when", "where") and "webinars" not in c
        ):
            return self._r_gatherings(projects, q)
        if c.any("webinars"):
            if q.ordinal is not None and q.action_no is None:
                # "la date du 3e webinaire": the documents give a count, not each webinar
                name = self._w.join([self._p(p).short_name for p in projects], lang)
                about = self._w.s("about", lang, name=name) if explicit else ""
                return _Reply([self._w.t("unknown_attr", lang, about=about)], "unknown", False)
            return self._r_webinars(projects, lang, total=c.any("count", "total"))
        for cue, kinds in (
            ("seminar", ("seminar",)),
            ("self_assessment", ("self_assessment",)),
            ("remote", ("remote_activities",)),
            ("communication", ("communication",)),
        ):
            if cue in c and not c.any("members", "countries"):
                return self._r_actions_of_type(projects, kinds, lang, q)
        if c.any("actions") and "count" in c and not c.any("members", "countries", "funding"):
            return self._r_actions(projects, True, lang)
        if "transversal" in c and not c.any("members", "countries"):
            cross = [
                a.id for pid in projects for a in self.kb.project_actions(pid) if a.transversal
            ]
            if cross:
                return _Reply(self._details(cross, lang, q.today), "action", refs=cross)
        found_actions = self._match_actions(q, projects)
        if found_actions and not c.any("members_strong", "countries", "funding", "call"):
            details = self._details(found_actions, lang, q.today)
            return _Reply(details, "action_search", refs=found_actions)
        if c.any("actions") and not c.any("members", "countries", "funding"):
            return self._r_actions(projects, "count" in c, lang)
        if (
            "shared" in c
            and c.any("members", "who", "count", "kinds", "projects")
            and (len(projects) != 1 or not explicit)
            and not c.any(*_TOPIC_CUES, "total")
        ):
            return self._r_shared(lang, countries, q.kinds)
        if "technical_partners" in c:
            return self._r_technical_partners(projects, lang)
        if "behind" in c and explicit and not c.any("members_strong", "countries"):
            # "who is behind Terr'ESS": who runs it and who pays for it
            return self._r_animator(projects, lang, funding=True)
        if (
            "shared" in c
            and c.any("countries")
            and not countries
            and len(projects) > 1
            and not c.any("members_strong", "per_country", "total")
        ):
            return self._r_shared_countries(projects, lang)
        if (
            "only" in c
            and c.any("countries")
            and not countries
            and explicit
            and len(projects) == 1
            and len(self._project_order) > 1
        ):
            return self._r_own_countries(projects[0], lang)
        if (
            c.any("countries")
            and not countries
            and not (c.any("members") and q.kinds)
            and not c.any("members_strong", "per_country")
        ):
            left: str | None = None
            if q.ex_projects:
                names = self._w.join([b(self._p(x).short_name) for x in q.ex_projects], lang)
                left = self._w.t("countries_of", lang, name=Safe(names))
            return self._r_countries(
                projects,
                lang,
                "count" in c,
                total="total" in c,
                exclude=q.ex_countries,
                left=left,
            )
        if (
            (
                (
                    c.any("members", "kinds")
                    or countries
                    or (c.any("who") and not c.any("funding", "call", "animator", "meaning"))
                    or (c.any("count") and not c.any("funding", "when"))
                )
                and not c.any("funding", "call")
            )
            or (countries and not c.any("funding", "call"))
            or (
                # "what percentage of the members are in Cameroon"
                "share" in c and c.any("members_strong") and (countries or q.kinds)
            )
        ):
            only_count = "count" in c
            return self._r_members(
                projects,
                countries,
                q.kinds,
                only_count,
                lang,
                exclude=q.ex_orgs,
                loose_kind=q.loose_kind,
                share="share" in c,
                compare="change" in c,
            )
        if c.any("funding"):
            return self._r_funding(projects, lang, q)
        if c.any("call"):
            return self._r_call(projects, lang)
        if c.any("animator"):
            return self._r_animator(projects, lang)
        if (c.any("status") or _status_filter(q)) and not c.any("when_explicit"):
            return self._r_status(projects, lang, q.today)
        if c.any("when", "when_explicit"):
            return self._r_dates(projects, lang, q.today, duration="duration" in c)
        if "theme" in c and not c.any("objectives", "outcomes"):
            # "the theme of both projects": each project's theme, not its whole description
            lines = [
                "• "
                + self._w.t(
                    "fmt.field",
                    lang,
                    label=b(self._p(p).short_name),
                    value=self._p(p).theme.get(lang),
                )
                for p in projects
            ]
            return _Reply(lines, "project_theme", refs=projects)
        if c.any("objectives", "theme", "outcomes"):
            return self._r_overview(projects, lang, q.today, objectives=True)
        if not explicit:
            status = _status_filter(q)
            return self._r_projects(projects, lang, q.today, status)
        if len(projects) == 1:
            return self._r_project_card(self.kb.projects[projects[0]], lang, q.today)
        return self._r_overview(projects, lang, q.today)
