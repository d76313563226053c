"""The declared tables of kinds: entity kinds, relation kinds, statuses, measures.

One place says what each kind is in RDF (class, IRI path), which category it belongs to, and
which kinds a relation may join. The model, the build, SHACL shapes and the network
projection all read these tables; nothing else enumerates kinds.
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import URIRef

from .vocab import MG, ORG, PROV, SCHEMA, SKOS


@dataclass(frozen=True)
class EntityKind:
    slug: str
    rdf_class: URIRef
    iri_path: str  # the <kind> in id/<kind>/<slug>
    category: str  # actor | site | place | commodity | instrument | agreement | event
    label: str
    extra_types: tuple[URIRef, ...] = ()  # well-known superclasses asserted too


_A = (MG.Actor,)
_O = (MG.Actor, MG.Organisation, ORG.Organization, PROV.Agent)

ENTITY_KINDS: dict[str, EntityKind] = {
    k.slug: k
    for k in [
        EntityKind("state", MG.State, "state", "actor", "State / government",
                   (*_O, ORG.FormalOrganization, MG.Place)),
        EntityKind("government-agency", MG.GovernmentAgency, "org", "actor", "Government agency",
                   (*_O, ORG.FormalOrganization)),
        EntityKind("company", MG.Company, "org", "actor", "Company",
                   (*_O, ORG.FormalOrganization, SCHEMA.Corporation)),
        EntityKind("state-owned-enterprise", MG.StateOwnedEnterprise, "org", "actor",
                   "State-owned enterprise",
                   (*_O, MG.Company, ORG.FormalOrganization, SCHEMA.Corporation)),
        EntityKind("joint-venture", MG.JointVenture, "org", "actor", "Joint venture",
                   (*_O, MG.Company, ORG.FormalOrganization)),
        EntityKind("financial-institution", MG.FinancialInstitution, "org", "actor",
                   "Financial institution", (*_O, ORG.FormalOrganization)),
        EntityKind("person", MG.Person, "person", "actor", "Person",
                   (*_A, SCHEMA.Person, PROV.Person, PROV.Agent)),
        EntityKind("forum", MG.Forum, "forum", "actor", "Forum / partnership / alliance",
                   (*_O,)),
        EntityKind("intergovernmental-organisation", MG.IntergovernmentalOrganisation, "org",
                   "actor", "Intergovernmental organisation", (*_O, ORG.FormalOrganization)),
        EntityKind("stock-exchange", MG.StockExchange, "org", "actor", "Stock exchange",
                   (*_O, ORG.FormalOrganization)),
        EntityKind("organisation", MG.OtherOrganisation, "org", "actor",
                   "Other organisation (association, research body, publisher)", (*_O,)),
        EntityKind("region", MG.Region, "place", "place", "Region / place", (MG.Place,)),
        EntityKind("deposit", MG.Deposit, "site", "site", "Deposit", (MG.Site,)),
        EntityKind("mine", MG.Mine, "site", "site", "Mine", (MG.Site,)),
        EntityKind("project", MG.Project, "site", "site", "Project", (MG.Site,)),
        EntityKind("ore-field", MG.OreField, "site", "site", "Ore field / district", (MG.Site,)),
        EntityKind("facility", MG.Facility, "site", "site", "Processing facility", (MG.Site,)),
        EntityKind("commodity", MG.Commodity, "commodity", "commodity", "Commodity",
                   (SKOS.Concept,)),
        EntityKind("policy-instrument", MG.PolicyInstrument, "instrument", "instrument",
                   "Policy instrument", ()),
        EntityKind("agreement", MG.Agreement, "agreement", "agreement", "Agreement / deal", ()),
        EntityKind("event", MG.Event, "event", "event", "Event", (SCHEMA.Event,)),
    ]
}

ACTOR = frozenset(k for k, v in ENTITY_KINDS.items() if v.category == "actor")
ORGS = ACTOR - {"person"}
SITE = frozenset(k for k, v in ENTITY_KINDS.items() if v.category == "site")
PLACE = frozenset({"region", "state"})
COMMODITY = frozenset({"commodity"})
INSTRUMENT = frozenset({"policy-instrument"})
AGREEMENT = frozenset({"agreement"})
EVENT = frozenset({"event"})
ANY = frozenset(ENTITY_KINDS)


@dataclass(frozen=True)
class RelationKind:
    slug: str
    prop: URIRef
    label: str
    subjects: frozenset[str]
    objects: frozenset[str]


RELATION_KINDS: dict[str, RelationKind] = {
    r.slug: r
    for r in [
        RelationKind("owns", MG.owns, "owns (share %)", ACTOR, ORGS | SITE),
        RelationKind("controls", MG.controls, "controls", ACTOR, ORGS | SITE),
        RelationKind("backs", MG.backs, "backs / supports", ACTOR | INSTRUMENT,
                     ACTOR | SITE | AGREEMENT | INSTRUMENT),
        RelationKind("partner-in", MG.partnerIn, "partner in", ACTOR,
                     ORGS | SITE | AGREEMENT),
        RelationKind("develops", MG.develops, "develops", ACTOR, SITE),
        RelationKind("operates", MG.operates, "operates", ACTOR, SITE),
        RelationKind("finances", MG.finances, "finances", ACTOR, ACTOR | SITE),
        RelationKind("offtake", MG.offtakeFrom, "buys output of (offtake)", ACTOR, ACTOR | SITE),
        RelationKind("member-of", MG.memberOf, "member of", ACTOR, ORGS),
        RelationKind("holds-role", MG.holdsRole, "holds role at", frozenset({"person"}),
                     ORGS | SITE),
        RelationKind("located-in", MG.locatedIn, "located in", ANY - COMMODITY, PLACE),
        RelationKind("listed-on", MG.listedOn, "listed on", ORGS, frozenset({"stock-exchange"})),
        RelationKind("advises", MG.advises, "advises", ACTOR, ACTOR | SITE),
        RelationKind("signs", MG.signs, "signs", ACTOR, AGREEMENT),
        RelationKind("party-to", MG.partyTo, "party to", ACTOR, AGREEMENT),
        RelationKind("issues", MG.issues, "issues", ACTOR, INSTRUMENT),
        RelationKind("lists", MG.lists, "lists / covers", INSTRUMENT, COMMODITY),
        RelationKind("regulates", MG.regulates, "regulates", ACTOR | INSTRUMENT,
                     COMMODITY | ACTOR | SITE),
        RelationKind("applies-to", MG.appliesTo, "applies to", INSTRUMENT, ACTOR | SITE),
        RelationKind("targets", MG.targets, "restricts / targets", INSTRUMENT, ACTOR | PLACE),
        RelationKind("invests-in", MG.investsIn, "invests in", ACTOR, ACTOR | SITE | PLACE),
        RelationKind("produces", MG.produces, "produces", SITE | ACTOR | PLACE, COMMODITY),
        RelationKind("contains", MG.contains, "contains (resource)", SITE | PLACE, COMMODITY),
        RelationKind("part-of", MG.partOf, "part of", ANY - COMMODITY, ANY - COMMODITY),
        RelationKind("participates-in", MG.participatesIn, "participates in", ACTOR, EVENT),
        RelationKind("hosts", MG.hosts, "hosts", ACTOR | PLACE, EVENT),
        RelationKind("launches", MG.launches, "launches", ACTOR,
                     ORGS | INSTRUMENT | EVENT | SITE),
        RelationKind("acquires", MG.acquires, "acquires", ACTOR, ORGS | SITE),
        RelationKind("holds-licence", MG.holdsLicence, "holds licence for", ORGS, SITE),
        RelationKind("contractor-for", MG.contractorFor, "contractor for", ORGS, SITE | ORGS),
        RelationKind("sponsors", MG.sponsors, "sponsors (listing)", ORGS, ORGS),
        RelationKind("bids-for", MG.bidsFor, "bids for", ACTOR, SITE | ORGS),
    ]
}

# What the source says a relation has reached. Prospective ones (a plan, an announcement, a
# letter of interest) are drawn dashed; tentative ones — prospective, or merely "reported"
# with no stage — are never counted as committed money or production.
RELATION_STATUSES: dict[str, str] = {
    "reported": "reported by a source, stage not stated",
    "proposed": "proposed",
    "announced": "announced",
    "planned": "planned",
    "targeted": "a target date or goal, not yet achieved",
    "letter-of-interest": "letter of interest (not a commitment)",
    "letter-of-intent": "letter of intent (not a contract)",
    "framework-agreement": "framework agreement",
    "under-negotiation": "under negotiation",
    "signed": "signed",
    "approved": "approved",
    "committed": "committed",
    "disbursed": "disbursed",
    "active": "in force / current",
    "operational": "operational",
    "completed": "completed",
    "not-completed": "did not complete",
    "terminated": "ended",
    "won": "won (bid)",
    "lost": "lost (bid)",
    "historical": "held in the past",
}
PROSPECTIVE_STATUSES = frozenset({
    "proposed", "announced", "planned", "targeted", "letter-of-interest",
    "letter-of-intent", "framework-agreement", "under-negotiation",
})
TENTATIVE_STATUSES = PROSPECTIVE_STATUSES | {"reported"}

SITE_STAGES = (
    "exploration", "resource-definition", "feasibility", "development", "construction",
    "production", "mothballed", "closed", "undeveloped",
)

INSTRUMENT_TYPES = (
    "export-control", "critical-minerals-list", "trade-advocacy", "tariff",
    "procurement-restriction", "mining-quota", "legislation", "initiative", "strategy",
    "award-programme", "other",
)

MEASURES: dict[str, str] = {
    "price": "price",
    "price-change": "price change",
    "production": "production (mine output)",
    "production-share": "share of production",
    "production-target": "targeted production",
    "reserves": "reserves",
    "reserves-share": "share of reserves",
    "resources": "resources",
    "grade": "ore grade",
    "capex": "capital expenditure",
    "investment": "investment",
    "fdi": "foreign direct investment",
    "fdi-share": "share of foreign direct investment",
    "supply-share": "share of supply",
    "supply-increase": "increase of supply",
    "processing-share": "share of processing capacity",
    "consumption-share": "share of consumption",
    "import-share": "share of imports",
    "output-value": "output value",
    "value-added-share": "share of value added",
    "capacity": "capacity",
    "drilling": "metres drilled",
    "workforce": "workforce",
    "workforce-share": "share of workforce",
    "rank": "global rank",
    "duration": "duration",
    "distance": "distance / travel time",
    "quota": "quota",
    "tariff-rate": "tariff rate",
    "count": "count",
    "milestone": "milestone (dated event, actual or target)",
}

OBSERVATION_STATUSES = ("actual", "estimate", "target", "forecast", "projection", "historical")
# The review marker of records proposed by `mineralgraph ingest`; reviewed records have none.
REVIEW_STATES = ("candidate",)
VALUE_QUALIFIERS = ("exact", "about", "over", "under", "up-to", "at-least", "range")
EVIDENCE_BASES = ("stated", "reported", "inferred")
SOURCE_KINDS = (
    "news-article", "government-report", "company-filing", "press-release", "company-website",
    "database", "web-page", "secondary-aggregator", "legal-text",
)
RISK_CATEGORIES = (
    "schedule", "weather", "power", "reagents", "capex", "esg", "political", "financing",
    "permitting", "market", "logistics", "other",
)
IDENTIFIER_SCHEMES: dict[str, str] = {
    # scheme -> regex the value must match
    "wikidata": r"Q[1-9][0-9]*",
    "lei": r"[A-Z0-9]{18}[0-9]{2}",
    "hkex": r"[0-9]{4,5}",
    "sse": r"[0-9]{6}\.SH",
    "szse": r"[0-9]{6}\.SZ",
    "aix": r"[A-Z0-9.]{1,12}",
    "nasdaq": r"[A-Z.]{1,6}",
    "tsx": r"[A-Z.]{1,8}",
    "asx": r"[A-Z0-9]{2,6}",
    "hts": r"[0-9]{4}(\.[0-9]{2}){0,3}",
    "iso3166": r"[A-Z]{2}",
    "dfars": r"[0-9.\-]+",
}
