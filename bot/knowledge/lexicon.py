"""Cue words of the question intents, in French and English (folded, accent-free tokens).

A cue group is a set of single tokens plus a few multi-word phrases (matched on the folded,
space-joined token string). The answer engine reads which groups a question triggers, then
decides the intent from them and from the entities found.

The last section derives the grammar of answers from names: the French preposition before a
country ("au Cameroun", "à Madagascar") and the article before a body ("la DAECT").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.knowledge.textnorm import tokenize, words

__all__ = [
    "COMMON_WORDS",
    "CUES",
    "NUMBER_WORDS",
    "ORDINALS",
    "Cues",
    "cue_vocabulary",
    "detect_cues",
    "english_country_class",
    "french_article_class",
    "french_country_class",
]


# group -> (single tokens, phrases)
_CUE_SPEC: dict[str, tuple[str, str]] = {
    # who / membership
    "members": (
        "membre membres member members collectivite collectivites collectivity participant "
        "participants participe participent participer participating participate participates "
        "adherent adherents composent compose constitue engagees engages engagee involved "
        "territoires territories localities partenaires partners partner partenaire "
        "gouvernements governments authorities autorites mobilise mobilises "
        "membres? compose composition lineup roster",
        "local governments|local authorities|take part|takes part|font partie|fait partie|"
        "are in|is in|sont dans|est dans|are part|is part|en font partie|prennent part",
    ),
    "who": ("qui who whom lesquels lesquelles lesquelle ki", ""),
    # unambiguous member words ("participer" alone may be about a meeting or a country)
    "members_strong": (
        "membre membres member members collectivite collectivites organisations "
        "organizations adherents",
        "local governments|local authorities",
    ),
    "per_country": ("", "par pays|by country|per country|pays par pays|country by country"),
    "count": (
        "combien nombre nb number many count compter total cb cbien cmb",
        "how many|how much|combien de|le nombre|the number",
    ),
    "when": (
        "quand kan qd when date dates debut debute debuter commence commencent commencer "
        "commencera "
        "commenced starts start started begin begins began beginning fin finit termine "
        "terminera ends end ending ended duree duration periode period calendrier calendar "
        "jusqu until depuis since annee year years mois month lance launched lancement launch "
        "deroule",
        "what year|quelle annee|en quelle annee|jusqu a quand|until when|how long|combien de "
        "temps|a partir de",
    ),
    "status": (
        "fini finie finis termine terminee termines acheve achevee cours ongoing still toujours "
        "encore actif active running over finished completed complete statut status upcoming "
        "planned prevu prevue venir futur future current actuel actuellement currently "
        "clos closed deja already yet",
        "en cours|a venir|pas encore|not yet|still running|is it over|est il fini|"
        "is it finished|already started|deja commence|est ce fini|has it started|"
        "has it begun|a t il commence|a t il debute",
    ),
    # explicit date questions ("quand", "what year"): dates win over status
    "when_explicit": (
        "quand when date dates annee year calendrier calendar periode period duree duration "
        "dure lasts",
        "what year|quelle annee|how long|combien de temps|jusqu a quand|until when",
    ),
    "duration": (
        "duree duration dure lasts lasted",
        "how long|combien de temps|combien de mois|how many months|a dure|has lasted|"
        "nombre de mois|number of months",
    ),
    # how to sign up / apply / become a member: procedures the documents do not hold
    "procedure": (
        "inscrire inscription inscriptions register registration signup candidater "
        "candidature candidatures postuler apply application",
        "devenir membre|become a member|sign up|comment rejoindre|how to join|how do i join|"
        "how can i join|how can we join|comment participer|how to participate|"
        "how can i participate|comment adherer|can i join|can we join|puis je rejoindre|"
        "peut on rejoindre|pouvons nous rejoindre",
    ),
    "amount": (
        "budget budgets montant montants cout couts coute coutent cost costs costing",
        "combien coute|how much does|how much is",
    ),
    "person": ("nom noms name names prenom identite", "c est qui"),
    "funding": (
        "finance finances financement financements financent financer financeur financeurs "
        "financed financing funds fund funded funding funder funders cofinance cofinancement "
        "cofinancements cofinancer cofinanced cofinancing cofund cofunded taux rate pourcentage "
        "percent percentage share shares proportion argent money budget montant montants "
        "amount amounts subvention "
        "subventions grant grants contribution contributions contribue contribuent "
        "contributed contribute euros eur paie paye payes paid bailleur bailleurs sponsor "
        "sponsors soutien financier financial payeur donateur verse versee verses versent "
        "versement versements gave given paid spent depense depenses apport apports "
        "apporte contributeur contributeurs",
        "co finance|co financement|co financed|co financing|co funded|co funding|a quel taux|"
        "what rate|how much money|combien d argent|qui paie|who pays|la part de|quelle part|"
        "quote part|what share",
    ),
    "call": (
        "appel appels call calls dispositif scheme",
        "appel a projets|appel a projet|call for projects|call for proposals|cles en main",
    ),
    "countries": (
        "pays country countries nations nationalites nationalities",
        "quels pays|which countries|what countries",
    ),
    "where": (
        "lieu lieux where venue ville villes city cities place location endroit localisation "
        "situe situee located held",
        "a lieu|ont lieu|aura lieu|auront lieu|se deroule|se tient|se tiendra|takes place|"
        "take place|took place|will be held|is held|where is|where are|ou se|ou a|ou aura|"
        "ou est|ou sont|ou ont|ou auront|ou etait|ou se deroule",
    ),
    "actions": (
        "action actions activite activites activity activities etape etapes steps step "
        "programme program plan realisations deliverables taches tasks",
        "que fait|what does|what do they do|que font",
    ),
    "webinars": ("webinaire webinaires webinar webinars webinaires webinaire", "web conference"),
    "frequency": (
        "frequence frequency souvent often rythme periodicite quadrimestre quadrimestres "
        "quadrimestriel mensuel monthly annuel yearly regularite regularly",
        "tous les|how often|a quel rythme|a quelle frequence|chaque mois|per year|par an|"
        "every four months|tous les quatre mois",
    ),
    "gatherings": (
        "regroupement regroupements gathering gatherings rassemblement rassemblements "
        "rencontre rencontres reunion reunions meeting meetings meetup forum",
        "get together",
    ),
    "seminar": ("seminaire seminar cloture closing bilan wrap", "closing seminar"),
    "self_assessment": (
        "autodiagnostic autodiagnostics diagnostic diagnostics autoevaluation assessment "
        "selfassessment",
        "self assessment|auto diagnostic|auto evaluation",
    ),
    "remote": (
        "whatsapp visio visioconference visioconferences videoconference videoconferences "
        "distance remote digital numerique online zoom",
        "en ligne|a distance|video calls",
    ),
    "communication": ("communication communicate communiquer", ""),
    "transversal": (
        "transversale transversal transversales transversaux transverse crosscutting",
        "cross cutting",
    ),
    "time": (
        "heure heures horaire horaires time times hour hours clock",
        "a quelle heure|what time|at what time|quelle heure",
    ),
    "agenda": (
        "programme program agenda ordre deroule deroulement schedule planning timetable "
        "sessions interventions",
        "ordre du jour|how is the day|the programme|le programme",
    ),
    "meaning": (
        "signifie signifient signification veut dire sigle sigles acronyme acronymes acronym "
        "acronyms stand stands mean means meaning definition define definir defini "
        "designe abbreviation abreviation role roles",
        "veut dire|c est quoi|qu est ce|stand for|stands for|what is|what are|what s|"
        "qui est|who is|que veut dire|que signifie|full name|nom complet|en entier|in full|"
        "c quoi|c koi|c est koi|cest quoi|ca veut dire|sa veut dire",
    ),
    "objectives": (
        "objectif objectifs but buts goal goals aim aims objective objectives purpose finalite "
        "vise visent pourquoi why enjeu enjeux ambition mission missions",
        "a quoi sert|what for|what is it for",
    ),
    "theme": (
        "theme themes thematique thematiques sujet sujets topic topics domaine domaines field "
        "fields secteur secteurs sector",
        "sur quoi|about what",
    ),
    "describe": (
        "presente presentation presenter describe description decrire resume summary "
        "overview explain explique infos info information informations details detail "
        "titre title intitule",
        "tell me about|parle moi|parlez moi|c est quoi|qu est ce que|what is|de quoi",
    ),
    "projects": ("projet projets project projects programme", "quel projet|which project"),
    "shared": (
        "both plusieurs several multiple commun communs shared simultanement recurrent common",
        "a la fois|les deux|more than one|plus d un|tous les projets|all projects|"
        "both projects|deux projets|each project",
    ),
    "animator": (
        "anime animee animent animateur animatrice animateurs coordonne coordinateur "
        "coordinatrice coordinator coordinates coordination runs run pilote pilotage porte "
        "porteur lead leads leader organise organisateur organisateurs organizer organiser "
        "facilitator facilitates hosts heberge secretariat intervenant speaker presents "
        "animates intervenants intervenu intervenus intervient panelistes panelists speakers "
        "speak speaks talk talks talked "
        "spoke",
        "qui anime|who runs|who leads|qui organise|who organises|who organizes|qui presente|"
        "who presents|qui a parle|qui parle|qui ont parle|who spoke|who talked|who presented|"
        "qui a presente|qui est intervenu|qui sont intervenus|qui a pris la parole|"
        "chef de file|lead partner|lead organisation|lead organization",
    ),
    # "countries only in Terr'ESS": what one project has and the others do not
    "only": ("only seulement uniquement exclusivement exclusively solely", ""),
    # who stands behind a project: who runs it and who pays for it
    "behind": (
        "behind derriere",
        "qui porte|qui pilote|qui est a l origine|who is in charge|qui est responsable|"
        "who is responsible|who manages|qui gere|who owns",
    ),
    # time zones of countries (and the gap between them)
    "timezone": (
        "fuseau fuseaux timezone timezones decalage",
        "fuseau horaire|fuseaux horaires|time zone|time zones|heure locale|local time|"
        "time difference|time gap|difference horaire|decalage horaire|utc offset",
    ),
    # every project at once: "chaque projet", "both projects", "les deux projets"
    "all_projects": (
        "",
        "chaque projet|each project|les deux projets|deux projets|both projects|"
        "the two projects|tous les projets|all projects|all the projects|chacun des projets|"
        "each of the projects|both of the projects|pour les deux|for both|des deux projets",
    ),
    # how an amount changed between years
    "change": (
        "augmentation augmente augmentee hausse baisse diminution diminue diminuee evolution "
        "evolue ecart difference increase increased increases decrease decreased decreases "
        "rise rose grew growth variation progression drop dropped",
        "how much more|how much less|de combien|how many more|how many fewer|how many less|"
        "combien de plus|combien de moins|de plus que|de moins que|more than|fewer than",
    ),
    # a person's title: the documents name no individual
    "person_role": (
        "chef cheffe manager managers gestionnaire responsable responsables coordinateur "
        "coordinatrice coordinator secretaire secretary officer referent referente "
        "directeur directrice director president presidente maire mayor preside presides "
        "presidait presided chair chairs chaired chairman chairwoman chairperson ambassadeur "
        "ambassadrice ambassador ministre minister gouverneur governor consul elu elue",
        "",
    ),
    # a part of a whole: "what percentage of the members", "quelle part"
    "share": (
        "pourcentage percentage percent proportion share ratio",
        "quelle part|what share|what proportion|la part de|the share of",
    ),
    "total": (
        "total totale totaux overall altogether somme sum distinct distincte distinctes "
        "distincts different differente differentes differents compris comprise comprises "
        "inclus incluse incluses included including cumule cumules cumulee cumulees "
        "combined additionne additionnes additionnant",
        "au total|en tout|in total|sans doublon|sans doublons|without duplicates|"
        "sur l ensemble|l ensemble des|across both|across the two|all together|"
        "tous projets confondus|all projects together|l un ou l autre|either project|"
        "either of|one or the other|one or other",
    ),
    "partnership": (
        "partenariat partenariats partnership partnerships jumelage jumelages twinning "
        "cooperation convention conventions atlas",
        "cooperation decentralisee|decentralised cooperation|decentralized cooperation",
    ),
    "network": ("reseau reseaux network networks groupe group", ""),
    "participants": (
        "participants attend attends attendees attending assiste assistent viennent present "
        "presents invites guests entrepreneurs jeunes",
        "qui vient|qui participe|who comes|who attends|who takes part|who will attend",
    ),
    "list": ("liste list lister enumerate tous toutes all every", "la liste|the list"),
    "agreement": (
        "signature signe signee signed convention agreement",
        "premiere signature|first signed|first agreement",
    ),
    "triennial": ("triennal triennale triennial", ""),
    "kinds": (
        "parc parcs park parks conseil conseils council councils regional regionaux regionale "
        "regionales region regions departemental departementaux departementale departement "
        "departmental department district districts commune communes municipal municipaux "
        "municipalite municipalites municipality municipalities association associations "
        "groupement groupements intercommunal intercommunaux intercommunale grouping "
        "intercommunalite intercommunalites "
        "provincial province communaute communautes community naturel naturels natural",
        "",
    ),
    "history": (
        "historique history histoire historical origine origines origin origins background "
        "contexte context genese happened happen happens",
        "s est passe|s est il passe|se sont passes|what happened|what did happen",
    ),
    "post": (
        "poste postes ambassade ambassades embassy embassies diplomatique diplomatic consulat",
        "",
    ),
    "join": (
        "rejoindre join joining adherer adhesion adhere adherent obligatoire required "
        "requis inscrire inscription membership forme form fonctionnement fonctionne "
        "modalites operate operates operating",
        "devenir membre|become a member|become members",
    ),
    "outcomes": (
        "resultats results conclusions conclusion outcomes outcome retenir dit said decided "
        "decide decisions highlights retombees outils tools presentes presented discussed "
        "abordes evoques",
        "a retenir|qu est ce qui a ete dit|what was said|what came out",
    ),
    "greeting": ("bonjour salut hello hi hey coucou bonsoir merci thanks thank thx", ""),
    "thanks": ("merci thanks thank thx cool super parfait", "thank you|merci beaucoup"),
    "technical_partners": (
        "",
        "partenaires techniques|partenaire technique|partenaires scientifiques|"
        "technical partners|technical partner|scientific partners|partenaires techniques et "
        "scientifiques|technical and scientific partners",
    ),
    "help": ("aide help", "que sais tu|what can you do|que peux tu"),
    "next": ("prochain prochaine next suivant suivante upcoming", ""),
    "last": ("dernier derniere last final finale", ""),
    # off-topic whatever else the question says (money questions included)
    "off_topic": (
        "currency currencies monnaie monnaies devise devises fcfa cfa chomage unemployment "
        "inflation pib gdp",
        "taux de change|exchange rate|exchange rates|cours du|opening hours|opening times|"
        "horaires d ouverture|heures d ouverture|heure d ouverture|heures ouverture|"
        "horaires ouverture|horaire ouverture|heure ouverture|opening hour",
    ),
    # facts the knowledge base never holds: answering them would mean inventing
    "unknown_attr": (
        "president presidente presidents maire mayor gouverneur governor population habitants "
        "inhabitants superficie area capitale capital telephone phone email mail courriel "
        "adresse address meteo weather temperature pluie rain football foot match score "
        "recette recipe prix price bitcoin salaire salary age elu elus elected ministre "
        "minister directeur director contact contacts restaurant restaurants hotel hotels "
        "meilleur meilleure meilleurs best worst pire blague joke train trains bus taxi vol "
        "vols flight flights billet billets ticket tickets visa visas logement hebergement "
        "accommodation report reports pdf telecharger download ambassadeur ambassadrice "
        "ambassador ambassadors consul website websites pleut pleuvoir neige snow fifa "
        "ranking rankings classement hectare hectares km2 award awards winner winners won "
        "gagne gagnant gagnants gagnante remporte",
        "temps qu il fait|il fait beau|quel temps|fera t il beau|site web|site internet|"
        "numero de|numero de tel|le tel|son tel|tel de|"
        "phone number|whatsapp number|contact number|mobile number|whatsapp link|group link|"
        "le rapport|les rapports|un rapport|rapport final|rapport d activite|compte rendu|"
        "comptes rendus|"
        "link to the group|invitation link|lien du groupe|lien whatsapp|lien d invitation|"
        "temps fait il|temps va t il|quelle heure est il|il est quelle heure|"
        "what time is it|comment vas tu|comment allez vous|how are you",
    ),
}


@dataclass(frozen=True, slots=True)
class _Group:
    words: frozenset[str]
    phrases: tuple[str, ...]


CUES: dict[str, _Group] = {
    name: _Group(words(spec), tuple(p.strip() for p in phrases.split("|") if p.strip()))
    for name, (spec, phrases) in _CUE_SPEC.items()
}

NUMBER_WORDS: dict[str, int] = {
    "zero": 0,
    "un": 1,
    "une": 1,
    "one": 1,
    "deux": 2,
    "two": 2,
    "trois": 3,
    "three": 3,
    "quatre": 4,
    "four": 4,
    "cinq": 5,
    "five": 5,
    "six": 6,
    "sept": 7,
    "seven": 7,
    "huit": 8,
    "eight": 8,
    "neuf": 9,
    "nine": 9,
    "dix": 10,
    "ten": 10,
}

ORDINALS: dict[str, int] = {
    "premier": 1,
    "premiere": 1,
    "first": 1,
    "1er": 1,
    "1ere": 1,
    "1re": 1,
    "1st": 1,
    "deuxieme": 2,
    "second": 2,
    "seconde": 2,
    "2e": 2,
    "2eme": 2,
    "2nd": 2,
    "2d": 2,
    "2ieme": 2,
    "2em": 2,
    "troisieme": 3,
    "third": 3,
    "3e": 3,
    "3eme": 3,
    "3rd": 3,
    "3ieme": 3,
    "3em": 3,
    "quatrieme": 4,
    "fourth": 4,
    "4e": 4,
    "4eme": 4,
    "4th": 4,
    "cinquieme": 5,
    "fifth": 5,
    "5e": 5,
    "5eme": 5,
    "5th": 5,
}

_ORDINAL_RE = re.compile(r"^(\d{1,2})(?:e|eme|ieme|em|er|ere|re|st|nd|rd|th|d)$")


def ordinal_value(token: str) -> int | None:
    if token in ORDINALS:
        return ORDINALS[token]
    m = _ORDINAL_RE.match(token)
    return int(m.group(1)) if m else None


# Common words of both languages that must never be "corrected" into a name by the fuzzy
# matcher, nor taken for an organisation's distinctive word.
COMMON_WORDS: frozenset[str] = words("""
    projet projets project projects question reponse answer bonjour merci hello thanks oui non
    yes no peut etre maybe aujourd hui today demain tomorrow hier yesterday semaine week jour
    day jours days mois month annee year fois time temps heure hour ville city village pays
    country region regions monde world francophone francophones francophonie territoire
    territoires territory international internationale nationale national local locale
    locaux locales politique politiques policy developpement development economie economy
    economique economic social sociale solidaire environnement environment climat climate
    energie energy eau water culture sport sante health education formation training jeunes
    youth femmes women homme hommes men gens people groupe group reseau network centre
    nord sud est ouest north south east west grand grande petit petite nouveau nouvelle new
    vieux old bon bonne good mauvais bad premier premiere first dernier last autre other
    meme same tout toute tous toutes all rien nothing quelque chose something chose thing
    faire do dire say savoir know voir see aller go venir come mettre put prendre take
    donner give trouver find parler speak penser think aimer love vouloir want pouvoir can
    devoir must falloir need avoir have etre be football weather meteo recette recipe
    capitale capital president maire mayor prix price match score film music musique
    livre book voiture car train avion plane hotel restaurant manger eat boire drink
    terre terres land monde lands nature naturel naturelle natural parc park parcs parks
    complet complete complets full entier nom name noms names passe passer arrive arriver
    lieu place sujet theme plan carte map liste list personne personnes person persons
    nombre number gens monde chose choses exemple example question questions
    disposition dispositions position positions condition conditions information
    informations organisation organisations situation solution solutions relation relations
    exact exacte exactement precis precise vraiment really exactly actually bientot soon
    tard late souvent often toujours always jamais never aujourd rappeler rappel savoir
    connaitre comprendre understand explain expliquer raison reason pourquoi why voila
    """)


@dataclass(frozen=True, slots=True)
class Cues:
    groups: frozenset[str]

    def __contains__(self, group: object) -> bool:
        return group in self.groups

    def any(self, *groups: str) -> bool:
        return any(g in self.groups for g in groups)


_ADDRESS_WORDS = words("adresse adresses")
_TO_WORDS = words("a aux")
_LINK_WORDS = words("lien liens link links url urls")
_RELATION_WORDS = words("entre between avec with")

# Words followed by a number ("action numéro 3", "regroupement numéro 2").
_NUMBERED = words("action actions regroupement regroupements webinaire webinaires")


def detect_cues(tokens: list[str], lang: str, raw: str) -> Cues:
    """Which cue groups a question triggers (``tokens`` are folded, possibly corrected)."""
    # "s'adresse à" (is meant for) is a verb, not a postal address
    tokens = [
        "adresser"
        if t in _ADDRESS_WORDS
        and (
            (k > 0 and tokens[k - 1] == "s") or (k + 1 < len(tokens) and tokens[k + 1] in _TO_WORDS)
        )
        else t
        for k, t in enumerate(tokens)
    ]
    token_set = set(tokens)
    joined = " " + " ".join(tokens) + " "
    found: set[str] = set()
    for name, group in CUES.items():
        if token_set & group.words or any(f" {p} " in joined for p in group.phrases):
            found.add(name)
    # a link (web, video call, group) is never in the data; "le lien entre X et Y" is a
    # relation, not a URL
    for k, tok in enumerate(tokens):
        if tok in _LINK_WORDS:
            nxt = tokens[k + 1] if k + 1 < len(tokens) else ""
            if nxt not in _RELATION_WORDS:
                found.add("unknown_attr")
    # "pays": country in French, "pays" (to pay) in English.
    if "pays" in token_set and lang == "en":
        found.discard("countries")
        found.add("funding")
    # "numéro" of a person or a group (not "action numéro 3"): contact details we never hold
    for k, tok in enumerate(tokens):
        if tok in ("numero", "numeros"):
            prev = tokens[k - 1] if k > 0 else ""
            nxt = tokens[k + 1] if k + 1 < len(tokens) else ""
            if prev not in _NUMBERED and not nxt.isdigit() and nxt not in NUMBER_WORDS:
                found.add("unknown_attr")
    # "où" (where) loses its accent when folded and becomes "ou" (or).
    if re.search(r"(?<!\w)où(?!\w)", raw.casefold()) or (tokens and tokens[0] == "ou"):
        found.add("where")
    # "qu'est-ce qui a été dit": not a "who" question
    if " qu est ce qui " in joined or " est ce qui " in joined:
        found.discard("who")
    if "%" in raw:
        found.add("funding")
    if "€" in raw:
        found.add("funding")
    # "who" words are weak: "qui finance" is a funding question, "qui est X" a card.
    return Cues(frozenset(found))


def cue_vocabulary() -> frozenset[str]:
    """Every cue token (for the spelling corrector)."""
    vocab: set[str] = set()
    for group in CUES.values():
        vocab |= group.words
        for phrase in group.phrases:
            vocab.update(tokenize(phrase))
    return frozenset(vocab)


# --------------------------------------------------------------------------- grammar
# The country model has no preposition form ("au Cameroun", "en Côte d'Ivoire", "à
# Madagascar"), nor bodies a gender ("la DAECT", "le MEAE"): both are derived here from the
# names, with the usual French rules and their exceptions. The words themselves ("au", "la")
# live in the catalogues (answers.in_country.*, answers.article.*).

# Countries (and island states) named without an article: "à Madagascar", "à Djibouti".
_FR_COUNTRIES_BARE = frozenset(
    tokenize(
        "Madagascar Djibouti Cuba Chypre Malte Maurice Singapour Monaco Haïti Bahreïn Oman "
        "Taïwan Nauru Tuvalu Kiribati Tonga Samoa Bahreïn Brunei Israël"
    )
)
# Masculine names ending in -e: "au Mexique", "au Cambodge", "au Mozambique".
_FR_COUNTRIES_MASC_E = frozenset(
    tokenize("Mexique Cambodge Mozambique Zimbabwe Belize Zaïre Royaume Suriname")
)
# First words of plural names: "aux États-Unis", "aux Comores", "aux Pays-Bas".
_FR_COUNTRIES_PLURAL = frozenset(
    tokenize(
        "États Pays Émirats Comores Seychelles Philippines Maldives Bahamas Fidji Îles Antilles"
    )
)
_VOWELS = frozenset("aeiou")


def french_country_class(name: str) -> str:
    """``masculine`` (au), ``feminine`` (en, also before a vowel), ``plural`` (aux) or
    ``bare`` (à), from the French name of a country."""
    toks = tokenize(name)
    if not toks:
        return "bare"
    first = toks[0]
    if first in _FR_COUNTRIES_BARE:
        return "bare"
    if first in _FR_COUNTRIES_PLURAL:
        return "plural"
    if first[0] in _VOWELS:
        return "feminine"  # "en Arménie", "en Iran", "en Ouganda"
    if first.endswith("e") and first not in _FR_COUNTRIES_MASC_E:
        return "feminine"  # "en France", "en Côte d'Ivoire", "en République du Congo"
    return "masculine"  # "au Cameroun", "au Bénin", "au Maroc"


# English names that take "the": "in the Republic of the Congo", "in the Netherlands".
_EN_COUNTRIES_THE = frozenset(
    tokenize(
        "Republic United Democratic Kingdom Federated Central Czech Dominican Netherlands "
        "Philippines Bahamas Comoros Maldives Seychelles Gambia Marshall Solomon"
    )
)


def english_country_class(name: str) -> str:
    """``bare`` ("in Cameroon") or ``masculine`` (any class with "the")."""
    toks = tokenize(name)
    return "masculine" if toks and toks[0] in _EN_COUNTRIES_THE else "bare"


# Head nouns of bodies and networks, by gender (folded).
_FR_FEMININE_HEADS = words(
    "delegation facilite direction agence association union commission prefecture ambassade "
    "federation fondation organisation banque region ville commune communaute maison bourse "
    "journee assemblee economie cooperation reciprocite loi plateforme coordination "
    "municipalite"
)
_FR_MASCULINE_HEADS = words(
    "ministere service conseil conseiller programme fonds reseau centre departement district "
    "groupement groupe parc forum label poste correspondant appel atlas secretariat comite"
)
_FR_PLURAL_HEADS = words("services pays points partenaires conseils")


def french_article_class(display: str, head_noun: str) -> str:
    """The article before a body shown as ``display`` whose full French name starts with
    ``head_noun``: ``elided`` (l'AFD, l'AIRF), ``feminine`` (la DAECT), ``masculine``
    (le MEAE), ``plural`` or ``bare`` (proper names: "Cap Coopération", "France Volontaires").
    """
    shown = tokenize(display)
    heads = tokenize(head_noun)
    head = heads[0] if heads else ""
    known = head in _FR_FEMININE_HEADS or head in _FR_MASCULINE_HEADS or head in _FR_PLURAL_HEADS
    if shown and shown[0][0] in _VOWELS and (known or display.isupper()):
        return "elided"
    if head in _FR_PLURAL_HEADS:
        return "plural"
    if head in _FR_FEMININE_HEADS:
        return "feminine"
    if head in _FR_MASCULINE_HEADS:
        return "masculine"
    return "bare"
