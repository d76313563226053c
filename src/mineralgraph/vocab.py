"""Namespaces and the IRIs of the mineralgraph ontology, defined once.

Every other module takes its IRIs from here; ``MG`` raises on an unknown term, so a typo
fails at import time instead of silently minting a new IRI. ``tests/test_vocab.py`` checks
that ``MG`` and ``ontology/mineralgraph.ttl`` declare exactly the same terms.
"""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD, DefinedNamespace

BASE = "https://w3id.org/mineralgraph/"
ONTOLOGY_IRI = URIRef(BASE + "ontology")

ORG = Namespace("http://www.w3.org/ns/org#")
SCHEMA = Namespace("https://schema.org/")
GEO = Namespace("http://www.opengis.net/ont/geosparql#")
SH = Namespace("http://www.w3.org/ns/shacl#")
ID = Namespace(BASE + "id/")


class MG(DefinedNamespace):
    """The mineralgraph ontology (``ontology/mineralgraph.ttl``)."""

    _NS = Namespace(BASE + "ontology#")
    _fail = True

    # -- classes: actors
    Actor: URIRef
    Organisation: URIRef
    State: URIRef
    GovernmentAgency: URIRef
    Company: URIRef
    StateOwnedEnterprise: URIRef
    JointVenture: URIRef
    FinancialInstitution: URIRef
    Person: URIRef
    Forum: URIRef
    IntergovernmentalOrganisation: URIRef
    StockExchange: URIRef
    OtherOrganisation: URIRef
    # -- classes: places, sites, things
    Place: URIRef
    Region: URIRef
    Site: URIRef
    Deposit: URIRef
    Mine: URIRef
    Project: URIRef
    OreField: URIRef
    Facility: URIRef
    Commodity: URIRef
    CommodityScheme: URIRef
    PolicyInstrument: URIRef
    Agreement: URIRef
    Event: URIRef
    SourceDocument: URIRef
    # -- classes: statements and figures
    Statement: URIRef
    Evidence: URIRef
    Observation: URIRef
    Risk: URIRef

    # -- relation properties (direct edges; each also has a Statement node)
    owns: URIRef
    controls: URIRef
    backs: URIRef
    partnerIn: URIRef
    develops: URIRef
    operates: URIRef
    finances: URIRef
    offtakeFrom: URIRef
    memberOf: URIRef
    holdsRole: URIRef
    locatedIn: URIRef
    listedOn: URIRef
    advises: URIRef
    signs: URIRef
    partyTo: URIRef
    issues: URIRef
    lists: URIRef
    regulates: URIRef
    appliesTo: URIRef
    targets: URIRef
    investsIn: URIRef
    produces: URIRef
    contains: URIRef
    partOf: URIRef
    participatesIn: URIRef
    hosts: URIRef
    launches: URIRef
    acquires: URIRef
    holdsLicence: URIRef
    contractorFor: URIRef
    sponsors: URIRef
    bidsFor: URIRef
    near: URIRef

    # -- entity attributes
    kind: URIRef
    country: URIRef
    alias: URIRef
    identifier: URIRef
    identifierScheme: URIRef
    identifierValue: URIRef
    hasIdentifier: URIRef
    stage: URIRef
    instrumentType: URIRef
    supportedBy: URIRef

    # -- statement qualifiers and provenance
    relationKind: URIRef
    status: URIRef
    startDate: URIRef
    endDate: URIRef
    asOf: URIRef
    announcedAt: URIRef
    sharePercent: URIRef
    amount: URIRef
    currency: URIRef
    amountQualifier: URIRef
    financeInstrument: URIRef
    aboutCommodity: URIRef
    volume: URIRef
    volumeUnit: URIRef
    durationYears: URIRef
    priceTerms: URIRef
    roleTitle: URIRef
    ticker: URIRef
    note: URIRef
    contests: URIRef
    hasEvidence: URIRef
    locationPrecision: URIRef
    placedVia: URIRef
    quote: URIRef
    saidBy: URIRef
    attribution: URIRef
    basis: URIRef
    isParaphrase: URIRef
    recordId: URIRef

    # -- observations and risks
    measure: URIRef
    observedEntity: URIRef
    value: URIRef
    minValue: URIRef
    maxValue: URIRef
    valueQualifier: URIRef
    unit: URIRef
    refDate: URIRef
    observationStatus: URIRef
    milestone: URIRef
    scope: URIRef
    riskCategory: URIRef
    riskTo: URIRef
    sourceKind: URIRef
    snapshotSha256: URIRef
    # -- curation (records proposed by `ingest`, until reviewed)
    reviewState: URIRef
    extractionConfidence: URIRef
    extractedBy: URIRef


# Each declared term resolved once: DefinedNamespace looks a term up through its metaclass's
# __getattr__ on every access (~1 µs, 7× a plain attribute, and a new URIRef each time), and a
# build reads about two terms per triple. rdflib's own vocabularies that the records use get
# the same memo: each attribute holds exactly the IRI the lookup would make. Unknown terms
# still go to __getattr__ and raise.
for _ns in (MG, RDF, RDFS, SKOS, DCTERMS, PROV, XSD, OWL):
    for _term in _ns.__annotations__:
        type.__setattr__(_ns, _term, _ns._NS[_term])
del _ns, _term

__all__ = [
    "BASE", "DCTERMS", "GEO", "ID", "MG", "ONTOLOGY_IRI", "ORG", "OWL", "PROV", "RDF", "RDFS",
    "SCHEMA", "SH", "SKOS", "XSD", "entity_iri", "statement_iri",
]


def entity_iri(kind_path: str, slug: str) -> URIRef:
    """IRI of an entity: ``id/<kind_path>/<slug>``."""
    return ID[f"{kind_path}/{slug}"]


def statement_iri(record_id: str) -> URIRef:
    """IRI of the statement node of a relation record."""
    return ID[f"statement/{record_id}"]
