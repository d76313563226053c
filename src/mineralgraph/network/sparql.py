"""The SPARQL the network package reads the store with: a few whole-graph queries, each
linear in the size of the graph (index lookups, no per-node round trips), so a projection of
100k nodes costs a handful of requests to a remote endpoint, not 100k.

Prefixes come from :mod:`mineralgraph.vocab`; no IRI is typed here.
"""

from __future__ import annotations

from ..vocab import DCTERMS, MG, PROV, RDF, RDFS, SKOS

PREFIXES = (
    f"PREFIX mg: <{MG._NS}>\nPREFIX prov: <{PROV}>\nPREFIX rdf: <{RDF}>\n"
    f"PREFIX rdfs: <{RDFS}>\nPREFIX dcterms: <{DCTERMS}>\nPREFIX skos: <{SKOS}>\n"
)

ENTITIES = PREFIXES + """
SELECT ?e ?id ?label ?kind ?country ?stage ?date ?description WHERE {
  ?e mg:kind ?kind ; mg:recordId ?id ; rdfs:label ?label .
  OPTIONAL { ?e mg:country ?c . ?c mg:recordId ?country }
  OPTIONAL { ?e dcterms:description ?description }
  OPTIONAL { ?e mg:stage ?stage }
  OPTIONAL { ?e dcterms:date|mg:startDate ?date }
}"""

ALIASES = PREFIXES + """
SELECT ?id ?alias WHERE { ?e mg:kind ?kind ; mg:recordId ?id ; mg:alias ?alias }"""

IDENTIFIERS = PREFIXES + """
SELECT ?id ?scheme ?value WHERE {
  ?e mg:kind ?kind ; mg:recordId ?id ; mg:hasIdentifier ?i .
  ?i mg:identifierScheme ?scheme ; mg:identifierValue ?value .
}"""

COMMODITIES = PREFIXES + """
SELECT ?id ?label ?broader WHERE {
  ?c mg:kind "commodity" ; mg:recordId ?id ; rdfs:label ?label .
  OPTIONAL { ?c skos:broader ?b . ?b mg:recordId ?broader }
}"""

# Statements and evidence name entities and sources by IRI; the projection maps IRIs to ids
# with the ENTITIES and SOURCES answers (a dict lookup) instead of joining every reference
# back to its mg:recordId in the query, which was the costliest part of these queries.
STATEMENTS = PREFIXES + """
SELECT ?st ?id ?kind ?sn ?on ?status ?start ?end ?asOf ?ev
       ?share ?amount ?currency ?amountQualifier ?instrument ?c ?volume ?volumeUnit
       ?duration ?priceTerms ?role ?ticker ?note WHERE {
  ?st mg:relationKind ?kind ; mg:recordId ?id ; rdf:subject ?sn ; rdf:object ?on .
  OPTIONAL { ?st mg:status ?status }
  OPTIONAL { ?st mg:startDate ?start }
  OPTIONAL { ?st mg:endDate ?end }
  OPTIONAL { ?st mg:asOf ?asOf }
  OPTIONAL { ?st mg:announcedAt ?ev }
  OPTIONAL { ?st mg:sharePercent ?share }
  OPTIONAL { ?st mg:amount ?amount }
  OPTIONAL { ?st mg:currency ?currency }
  OPTIONAL { ?st mg:amountQualifier ?amountQualifier }
  OPTIONAL { ?st mg:financeInstrument ?instrument }
  OPTIONAL { ?st mg:aboutCommodity ?c }
  OPTIONAL { ?st mg:volume ?volume }
  OPTIONAL { ?st mg:volumeUnit ?volumeUnit }
  OPTIONAL { ?st mg:durationYears ?duration }
  OPTIONAL { ?st mg:priceTerms ?priceTerms }
  OPTIONAL { ?st mg:roleTitle ?role }
  OPTIONAL { ?st mg:ticker ?ticker }
  OPTIONAL { ?st mg:note ?note }
}"""

#: What is known of a source ``?src``: its label, address, date and publisher.
SOURCE_DETAILS = """
  OPTIONAL { ?src rdfs:label ?sourceLabel }
  OPTIONAL { ?src dcterms:source ?url }
  OPTIONAL { ?src dcterms:date ?sourceDate }
  OPTIONAL { ?src dcterms:publisher ?publisher }"""

SOURCES = PREFIXES + """
SELECT ?src ?source ?sourceLabel ?url ?sourceDate ?publisher WHERE {
  ?src a mg:SourceDocument ; mg:recordId ?source .""" + SOURCE_DETAILS + """
}"""

EVIDENCE = PREFIXES + """
SELECT ?st ?ev ?src ?quote ?who ?attribution ?basis WHERE {
  ?st mg:relationKind ?kind ; mg:hasEvidence ?ev .
  ?ev prov:wasDerivedFrom ?src ; mg:quote ?quote .
  OPTIONAL { ?ev mg:saidBy ?who }
  OPTIONAL { ?ev mg:attribution ?attribution }
  OPTIONAL { ?ev mg:basis ?basis }
}"""

CONTESTS = PREFIXES + """
SELECT ?a ?b WHERE { ?x mg:contests ?y . ?x mg:recordId ?a . ?y mg:recordId ?b }"""

OBSERVATIONS = PREFIXES + """
SELECT ?obs ?id ?measure ?entity ?entityKind ?label ?country ?commodity ?value ?min ?max
       ?qualifier ?unit ?date ?asOf ?status ?scope ?source ?sourceLabel ?sourceDate ?url
       ?quote WHERE {
  ?obs a mg:Observation ; mg:recordId ?id ; mg:measure ?measure ; mg:observedEntity ?e ;
       prov:wasDerivedFrom ?src .
  ?e mg:recordId ?entity ; mg:kind ?entityKind ; rdfs:label ?label .
  ?src mg:recordId ?source .
  OPTIONAL { ?e mg:country ?c . ?c mg:recordId ?country }
  OPTIONAL { ?obs mg:aboutCommodity ?cm . ?cm mg:recordId ?commodity }
  OPTIONAL { ?obs mg:value ?value }
  OPTIONAL { ?obs mg:minValue ?min }
  OPTIONAL { ?obs mg:maxValue ?max }
  OPTIONAL { ?obs mg:valueQualifier ?qualifier }
  OPTIONAL { ?obs mg:unit ?unit }
  OPTIONAL { ?obs mg:refDate ?date }
  OPTIONAL { ?obs mg:asOf ?asOf }
  OPTIONAL { ?obs mg:observationStatus ?status }
  OPTIONAL { ?obs mg:scope ?scope }
""" + SOURCE_DETAILS + """
  OPTIONAL { ?obs mg:hasEvidence ?ev . ?ev prov:wasDerivedFrom ?src ; mg:quote ?quote }
}"""
